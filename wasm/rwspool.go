//go:build js && wasm

package main

import (
	"sync"

	"github.com/wasmws/wasmws/internal/jsbridge"
	"github.com/wasmws/wasmws/internal/jsoutbox"
	"github.com/wasmws/wasmws/sdk"
)

// The payload arrays of the messages ReconnectingWebSocket sends are
// reused: a Client in plain mode hands each back (jsoutbox.Release) once
// its connection provably sent it, and the send queue copies the next
// payloads into them instead of allocating. At 64 KiB the allocation was
// the largest single cost of a message sent (bench/README.md, "Browser
// ReconnectingWebSocket vs plain JS"). Only payloads from poolMin to
// maxRetainedSendScratch bytes are pooled, and at most poolMax bytes of
// arrays are kept: more are left to the garbage collector.
const (
	poolMin = 2 << 10
	poolMax = 4 << 20
)

// payloadPool holds the arrays released. Safe for concurrent use.
type payloadPool struct {
	mu    sync.Mutex
	free  [][]byte
	bytes int
}

var sendPayloads payloadPool

func init() { jsoutbox.Release = sendPayloads.put }

// put keeps p's array for reuse, if it is of a size pooled and room is left.
func (pp *payloadPool) put(p []byte) {
	c := cap(p)
	if c < poolMin || c > maxRetainedSendScratch {
		return
	}
	pp.mu.Lock()
	defer pp.mu.Unlock()
	if pp.bytes+c <= poolMax {
		pp.free = append(pp.free, p[:0])
		pp.bytes += c
	}
}

// message returns a message of type typ with a copy of p, in a pooled array
// if p is of a size pooled.
func (pp *payloadPool) message(typ sdk.MessageType, p []byte) (sdk.Message, error) {
	n := len(p)
	if n < poolMin || n > maxRetainedSendScratch {
		return sdk.NewMessage(typ, p)
	}
	var buf []byte
	pp.mu.Lock()
	for i := len(pp.free) - 1; i >= 0; i-- {
		if cap(pp.free[i]) >= n {
			buf = pp.free[i]
			last := len(pp.free) - 1
			pp.free[i], pp.free[last] = pp.free[last], nil
			pp.free = pp.free[:last]
			pp.bytes -= cap(buf)
			break
		}
	}
	pp.mu.Unlock()
	if buf == nil {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	copy(buf, p)
	m, err := jsbridge.OwnedMessage(int(typ), buf)
	if err != nil {
		return sdk.Message{}, err
	}
	return m.(sdk.Message), nil
}
