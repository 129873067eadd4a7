//go:build js && wasm

package main

import (
	"context"

	"github.com/wasmws/wasmws/internal/jsbridge"
	"github.com/wasmws/wasmws/sdk"
)

// newHooked is sdk.New with hooks: the connection's browser WebSocket goes to
// JavaScript, which reads its messages (see package jsbridge).
func newHooked(url string, opts *sdk.Options, hooks *jsbridge.Hooks) (*sdk.Conn, error) {
	c, err := jsbridge.New(url, opts, hooks)
	if err != nil {
		return nil, err
	}
	return c.(*sdk.Conn), nil
}

// dialHooked is newHooked, then a wait until the connection is Open, as
// sdk.Dial waits: it fits reconnect.Options.Dial.
func dialHooked(ctx context.Context, url string, opts *sdk.Options, hooks *jsbridge.Hooks) (*sdk.Conn, error) {
	c, err := newHooked(url, opts, hooks)
	if err != nil {
		return nil, err
	}
	open, err := jsbridge.Await(ctx, c)
	if err != nil {
		return nil, err
	}
	return open.(*sdk.Conn), nil
}
