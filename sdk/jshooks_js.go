//go:build js && wasm

package sdk

import (
	"context"
	"errors"
	"syscall/js"

	"github.com/hack-pad/safejs"

	"github.com/wasmws/wasmws/internal/jsbridge"
)

// The browser build serves the seam of the wasm module, whose JavaScript
// classes read a connection's messages in JavaScript (see package
// jsbridge).
func init() {
	jsbridge.New = func(url string, opts any, hooks *jsbridge.Hooks) (any, error) {
		o, _ := opts.(*Options)
		return newHooked(url, o, hooks)
	}
	jsbridge.SendHeld = func(ctx context.Context, conn any, n int, send safejs.Value, id uint64) error {
		c, ok := conn.(*Conn)
		if !ok {
			return wrapErr(ErrInvalidState, "not a connection")
		}
		t, ok := c.t.(*browserTransport)
		if !ok {
			return wrapErr(ErrInvalidState, "not a browser connection")
		}
		return c.sendVia(ctx, func() error { return t.sendHeld(safejs.Unsafe(send), id, n) })
	}
	jsbridge.Await = func(ctx context.Context, conn any) (any, error) {
		c, ok := conn.(*Conn)
		if !ok {
			return nil, wrapErr(ErrInvalidState, "not a connection")
		}
		c, err := awaitOpen(ctx, c)
		if err != nil {
			return nil, err // not a nil *Conn in a non-nil any
		}
		return c, nil
	}
}

// newHooked is New with hooks (see jsbridge.Hooks).
func newHooked(url string, opts *Options, hooks *jsbridge.Hooks) (*Conn, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	c := newConn(o)
	if err := startBrowser(c, url, hooks); err != nil {
		return nil, err
	}
	return c, nil
}

// sendHeld has send, a function of the JavaScript code that keeps the
// payload id (see jsbridge.SendHeld), send it on the socket: the payload
// goes from JavaScript to the socket without a copy into Go. send never
// throws, so it is called through syscall/js directly.
func (t *browserTransport) sendHeld(send js.Value, id uint64, n int) error {
	r := send.Invoke(safejs.Unsafe(t.ws), float64(id))
	if r.Type() == js.TypeString {
		return errors.New(r.String())
	}
	if r.Int() == shimDiscarded {
		t.countDiscarded(n)
	} else {
		t.countSent(n)
	}
	return nil
}
