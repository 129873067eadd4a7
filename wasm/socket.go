//go:build js && wasm

package main

import (
	"context"
	"sync/atomic"

	"github.com/hack-pad/safejs"
	"github.com/wasmws/wasmws/internal/jsbridge"
	"github.com/wasmws/wasmws/sdk"
)

// socket is the engine side of one wasmws.WebSocket: an sdk.Conn whose
// messages the JavaScript shell reads itself, and the water-mark policy.
type socket struct {
	conn      *sdk.Conn
	port      safejs.Value // the shell's callbacks: drained()
	high, low int64
	polling   atomic.Bool
}

// wsOpen(url, protocols, highWaterMark, lowWaterMark, port) creates a
// connection and returns {id, ws, highWaterMark, lowWaterMark}, ws being the
// browser's WebSocket, or {error, message}. Zero water marks mean the
// defaults.
func (e *engine) wsOpen(args []safejs.Value) any {
	opts := &sdk.Options{Protocols: argStrings(args, 1), HighWaterMark: int64(argFloat(args, 2)), LowWaterMark: int64(argFloat(args, 3))}
	var ws safejs.Value
	conn, err := newHooked(argString(args, 0), opts, &jsbridge.Hooks{
		Socket: func(v, _ safejs.Value) { ws = v },
		// A drop-in for this browser's WebSocket, differences included.
		EngineSemantics: true,
	})
	if err != nil {
		return fail(err)
	}
	o, _ := opts.WithDefaults() // valid: New accepted it
	high, low := o.HighWaterMark, o.LowWaterMark
	s := &socket{conn: conn, port: arg(args, 4), high: high, low: low}
	id := e.add(s, nil)
	go func() {
		<-conn.Done()
		e.remove(id)
	}()
	return map[string]any{"id": id, "ws": ws, "highWaterMark": high, "lowWaterMark": low}
}

// closeArgs validates the arguments of close(code, reason) as the browser
// does; code is negative when absent.
func closeArgs(args []safejs.Value) (sdk.StatusCode, string, error) {
	code, reason := argFloat(args, 1), argString(args, 2)
	if code == 0 {
		// Present and zero: the browser's InvalidAccessError. (Go's zero
		// means "no code".)
		return 0, "", sdk.ValidateClose(1, "")
	}
	if code < 0 {
		code = 0
	}
	return sdk.StatusCode(code), reason, sdk.ValidateClose(sdk.StatusCode(code), reason)
}

// wsClose(id, code, reason) validates the arguments, then starts the closing
// handshake and returns at once, or returns {error, message}.
//
// Conn.Close waits for the handshake, so it runs in a goroutine. The Go
// runtime runs every runnable goroutine before it returns to JavaScript, so
// the browser's close() has been called, and readyState is CLOSING, when this
// returns; the conformance suite checks it.
func (e *engine) wsClose(args []safejs.Value) any {
	code, reason, err := closeArgs(args)
	if err != nil {
		return fail(err)
	}
	if s := e.socket(args); s != nil {
		go func() { _ = s.conn.Close(code, reason) }()
	}
	return nil
}

// wsThrottle(id) tells the engine that bufferedAmount rose above
// highWaterMark: it polls it until it falls to lowWaterMark, then calls the
// shell's drained(). The browser has no event for bufferedAmount falling, and
// only throttled connections poll.
func (e *engine) wsThrottle(args []safejs.Value) any {
	s := e.socket(args)
	if s == nil || !s.polling.CompareAndSwap(false, true) {
		return nil
	}
	go s.poll()
	return nil
}

func (s *socket) poll() {
	err := s.conn.WaitBuffered(context.Background(), s.low) // ErrClosed once closed
	s.polling.Store(false)
	if err == nil {
		call(s.port, "drained")
	}
}
