//go:build js && wasm

package reconnect

import (
	"github.com/wasmws/wasmws/internal/jsoutbox"
	"github.com/wasmws/wasmws/sdk"
)

// The wasm module's ReconnectingWebSocket accepts messages in JavaScript
// against the outbox's free room and hands them over in bursts (see package
// internal/jsoutbox).
func init() {
	jsoutbox.Free = func(c any) (int, int64) { return c.(*Client).out.free() }
	jsoutbox.Admit = func(c any, ms []sdk.Message) error { return c.(*Client).out.admit(ms) }
}
