//go:build js && wasm

package reconnect

import (
	"github.com/wasmws/wasmws/internal/jsoutbox"
	"github.com/wasmws/wasmws/sdk"
)

// The wasm module's ReconnectingWebSocket accepts messages in JavaScript
// against the outbox's free room and hands them over in bursts, and takes
// the inbox's messages in batches (see package internal/jsoutbox).
func init() {
	jsoutbox.Free = func(c any) (int, int64) { return c.(*Client).out.free() }
	jsoutbox.Admit = func(c any, ms []sdk.Message) error { return c.(*Client).out.admit(ms) }
	jsoutbox.Drain = func(c any, f func(sdk.MessageType, []byte)) int {
		cl := c.(*Client)
		return cl.in.Drain(func(m received) {
			if m.session != 0 {
				cl.rs.consumed(len(m.data), m.session) // as Receive does
			}
			f(m.typ, m.data)
		})
	}
}
