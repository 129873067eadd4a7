//go:build js && wasm

// Package jsbridge is the seam through which the wasm module behind
// web/wasmws.js runs its JavaScript classes on the SDK's connections while
// the payloads stay in JavaScript: the module hands a connection's browser
// WebSocket to JavaScript code that reads the messages itself and passes Go
// only what Go needs. It lives here, not in package sdk, so that sdk's
// public API is the same on every target: sdk fills in [New] when it is
// linked into a browser build, and the wasm module (package main in wasm/)
// is the one caller.
//
// The connections are *sdk.Conn values, typed any here because sdk imports
// this package.
//
// Every file of this package is built only for GOOS=js GOARCH=wasm.
package jsbridge

import (
	"context"

	"github.com/hack-pad/safejs"
)

// Hooks are what a connection created through this seam reports to its
// caller. A connection with hooks does not listen for message events: only
// what the JavaScript code passes to the receive function reaches its
// Receive. Everything else (state, sending, closing, BufferedAmount) works
// as usual.
type Hooks struct {
	// Socket, when not nil, is called once with the browser's WebSocket
	// object, right after the SDK has set its own event handlers (so they run
	// before any listener the hook adds) and before any event can fire.
	//
	// receive is a JavaScript function (of the connection's JavaScript
	// shim: calling it does not enter Go, which takes what it queued once
	// per burst) that queues a message for Receive:
	// receive(data), with data a string or an ArrayBuffer, queues a copy of
	// it; receive(type, size), with type 1 (text) or 2 (binary), queues a
	// message of that type with no bytes (Receive returns nil for them), a
	// placeholder for a payload the JavaScript code keeps. Both count size
	// against Options.ReadLimit and the receive buffer as usual. receive must
	// not be called after the socket's close event.
	Socket func(ws, receive safejs.Value)

	// Error, when not nil, is called when the socket fires its error event.
	Error func()

	// Closed, when not nil, is called with how the connection closed (the
	// values of its sdk.CloseError), just before it becomes Closed.
	Closed func(code int, reason string, wasClean bool)

	// OnlyGoSends promises that the JavaScript code never sends on the
	// socket itself: every message goes through the connection's Send. The
	// SDK may then keep its own upper bound of the socket's bufferedAmount
	// and read the property only when that bound passes HighWaterMark, as
	// it does without hooks, instead of on every Send.
	OnlyGoSends bool

	// EngineSemantics keeps the engine's own behaviour where it departs from
	// the WHATWG standard and the SDK would otherwise normalise it: Firefox
	// and WebKit open a connection whose server selected none of the offered
	// subprotocols (the SDK fails it, as the standard and Chromium do), and
	// Firefox's constructor refuses the empty URL (the SDK resolves URLs
	// against the page's base URL itself). It is for drop-in classes that
	// must behave as the browser they run in.
	EngineSemantics bool
}

// New, set by package sdk, is sdk.New with hooks: opts is an *sdk.Options
// (nil for the defaults) and conn an *sdk.Conn. A nil hooks is sdk.New.
var New func(url string, opts any, hooks *Hooks) (conn any, err error)

// Await, set by package sdk, waits as sdk.Dial does until conn (an
// *sdk.Conn) is Open, and returns it, or the error that ended it.
var Await func(ctx context.Context, conn any) (any, error)
