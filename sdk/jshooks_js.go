//go:build js && wasm

package sdk

import (
	"context"

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
