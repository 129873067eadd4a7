//go:build js && wasm

package reconnect

import (
	"context"

	"github.com/wasmws/wasmws/internal/jsbridge"
	"github.com/wasmws/wasmws/internal/jsoutbox"
	"github.com/wasmws/wasmws/sdk"
)

// The wasm module's ReconnectingWebSocket accepts messages in JavaScript
// against the outbox's free room, hands them over in bursts and keeps their
// payloads in JavaScript (see package internal/jsoutbox).
func init() {
	jsoutbox.Free = func(c any) (int, int64) { return c.(*Client).out.free() }
	jsoutbox.Admit = admitHeld
	jsoutbox.Oldest = func(c any) uint64 { return c.(*Client).oldestHeld() }
	sendHeld = sendHeldJS
}

// admitHeld queues ms, kept by k, in c's outbox (jsoutbox.Admit).
func admitHeld(c any, k *jsoutbox.Keeper, ms []jsoutbox.Held) error {
	out := c.(*Client).out
	batch := make([]message, len(ms))
	for i, h := range ms {
		// A Message with no bytes: only its type, checked by NewMessage.
		m, err := sdk.NewMessage(h.Type, nil)
		if err != nil {
			return err
		}
		batch[i] = message{Message: m, held: h.ID, heldLen: h.Len, heldBy: k}
	}
	return out.admit(batch)
}

// sendHeldJS sends held message m on conn: JavaScript sends the payload on
// an SDK connection's socket; a connection that frames messages in Go
// (resume mode) gets a copy.
func sendHeldJS(ctx context.Context, conn connection, m message) error {
	k := m.heldBy.(*jsoutbox.Keeper)
	if c, ok := conn.(sdkConn); ok {
		return jsbridge.SendHeld(ctx, c.Conn, m.heldLen, k.Send, m.held)
	}
	p, err := k.Bytes(m.held)
	if err != nil {
		return err
	}
	msg, err := sdk.NewMessage(m.Type(), p)
	if err != nil {
		return err
	}
	return conn.Send(ctx, msg)
}

// oldestHeld returns the id of the first held message the Client may still
// send (jsoutbox.Oldest): in flight on the latest connection, else queued.
func (c *Client) oldestHeld() uint64 {
	if f := c.flight.Load(); f != nil {
		if id := f.oldestHeld(); id != 0 {
			return id
		}
	}
	return c.out.oldestHeld()
}

// oldestHeld returns the id of the first held message queued, or 0.
func (o *outbox) oldestHeld() uint64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	return firstHeld(o.msgs, func(m message) uint64 { return m.held })
}

// firstHeld returns the first non-zero id(x) of xs, or 0.
func firstHeld[T any](xs []T, id func(T) uint64) uint64 {
	for _, x := range xs {
		if h := id(x); h != 0 {
			return h
		}
	}
	return 0
}

// oldestHeld returns the id of the first held message in flight, or 0.
func (f *inflight) oldestHeld() uint64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return firstHeld(f.list, func(x flight) uint64 { return x.m.held })
}
