//go:build js && wasm

package sdk

import (
	"context"

	"github.com/hack-pad/safejs"
)

// JSHooks hands a connection's browser WebSocket to JavaScript code that
// reads its messages itself, so that payloads JavaScript consumes are never
// copied into Go memory and back. The wasm module for JavaScript (package main
// in wasm/) uses it to run its WebSocket classes on a Conn.
//
// A Conn created with hooks ([NewJS], [DialJS]) does
// not listen for message events: only what the JavaScript code passes to the
// receive function reaches [Conn.Receive]. Everything else (state, sending,
// closing, BufferedAmount) works as usual.
//
// # WebAssembly
//
// JSHooks exists only in the browser build (GOOS=js GOARCH=wasm).
type JSHooks struct {
	// Socket, when not nil, is called once with the browser's WebSocket
	// object, right after the SDK has set its own event handlers (so they run
	// before any listener the hook adds) and before any event can fire.
	//
	// receive is a JavaScript function that queues a message for Receive:
	// receive(data), with data a string or an ArrayBuffer, queues a copy of
	// it; receive(type, size), with type 1 (text) or 2 (binary), queues a
	// message of that type with no bytes (Receive returns nil for them), a
	// placeholder for a payload the JavaScript code keeps. Both count size
	// against Options.ReadLimit and the receive buffer as usual. receive must
	// not be called after the socket's close event.
	Socket func(ws, receive safejs.Value)

	// Error, when not nil, is called when the socket fires its error event.
	Error func()

	// Closed, when not nil, is called with how the connection closed, just
	// before the Conn becomes Closed.
	Closed func(CloseError)

	// EngineSemantics keeps the engine's own behaviour where it departs from
	// the WHATWG standard and the SDK would otherwise normalise it (Firefox
	// and WebKit open a connection whose server selected none of the offered
	// subprotocols; the SDK fails it, as the standard and Chromium do). It is
	// for drop-in classes that must behave as the browser they run in.
	EngineSemantics bool
}

// NewJS is [New] with hooks: the browser's WebSocket is handed to JavaScript
// code that reads the messages (see [JSHooks]). A nil hooks is New.
//
// # WebAssembly
//
// NewJS exists only in the browser build.
func NewJS(url string, opts *Options, hooks *JSHooks) (*Conn, error) {
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

// DialJS is [Dial] with hooks: [NewJS], then a wait until the connection is
// Open. It fits reconnect.Options.Dial.
//
// # WebAssembly
//
// DialJS exists only in the browser build.
func DialJS(ctx context.Context, url string, opts *Options, hooks *JSHooks) (*Conn, error) {
	c, err := NewJS(url, opts, hooks)
	if err != nil {
		return nil, err
	}
	return awaitOpen(ctx, c)
}

// onReceive is the receive function of JSHooks.Socket.
func (t *browserTransport) onReceive(_ safejs.Value, args []safejs.Value) any {
	if !t.c.accepting() {
		return nil
	}
	switch len(args) {
	case 1:
		t.deliver(args[0])
	case 2:
		typ, _ := args[0].Int()
		size, _ := args[1].Float()
		if typ != int(Text) && typ != int(Binary) {
			return nil
		}
		if int64(size) > t.c.opts.ReadLimit {
			t.c.fail(StatusReadLimit, wrapErr(ErrMessageTooBig, "message over ReadLimit"))
			return nil
		}
		if !t.c.recv.TryPush(inbound{typ: MessageType(typ)}) {
			t.c.fail(StatusReceiveOverflow, wrapErr(ErrReceiveOverflow, "unread messages exceeded ReceiveBuffer"))
		}
	}
	return nil
}
