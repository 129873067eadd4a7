//go:build js && wasm

package main

import (
	"context"
	"errors"
	"sync"

	"github.com/hack-pad/safejs"
	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// engine is what wasmws.js drives: the connections of every WebSocket and
// ReconnectingWebSocket of the page, by id. Its methods run on JavaScript
// calls; none of them blocks.
type engine struct {
	mu      sync.Mutex
	nextID  int
	sockets map[int]*socket
	rwss    map[int]*rws
}

func newEngine() *engine {
	return &engine{sockets: map[int]*socket{}, rwss: map[int]*rws{}}
}

// object returns the engine as a JavaScript object of functions. The
// functions live as long as the program.
func (e *engine) object() (safejs.Value, error) {
	obj, err := newObject()
	if err != nil {
		return safejs.Value{}, err
	}
	funcs := map[string]func(args []safejs.Value) any{
		"wsOpen":       e.wsOpen,
		"wsClose":      e.wsClose,
		"wsThrottle":   e.wsThrottle,
		"rwsOpen":      e.rwsOpen,
		"rwsSend":      e.rwsSend,
		"rwsFlush":     e.rwsFlush,
		"rwsRoom":      e.rwsRoom,
		"rwsClose":     e.rwsClose,
		"rwsReconnect": e.rwsReconnect,
		"rwsBuffered":  e.rwsBuffered,
		"rwsStats":     e.rwsStats,
	}
	for name, fn := range funcs {
		f, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any { return fn(args) })
		if err != nil {
			return safejs.Value{}, err
		}
		if err := obj.Set(name, f.Value()); err != nil {
			return safejs.Value{}, err
		}
	}
	consts := map[string]any{
		"version":          version,
		"defaultHeartbeat": reconnect.DefaultHeartbeatMessage,
		"highWaterMark":    sdk.DefaultHighWaterMark,
		"sendBatchMax":     sendBatchMax,
	}
	for name, v := range consts {
		if err := obj.Set(name, v); err != nil {
			return safejs.Value{}, err
		}
	}
	return obj, nil
}

// add registers a connection and returns its id.
func (e *engine) add(s *socket, r *rws) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.nextID++
	if s != nil {
		e.sockets[e.nextID] = s
	}
	if r != nil {
		e.rwss[e.nextID] = r
	}
	return e.nextID
}

// remove forgets a connection.
func (e *engine) remove(id int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.sockets, id)
	delete(e.rwss, id)
}

// socket returns the WebSocket with the id in args[0], or nil.
func (e *engine) socket(args []safejs.Value) *socket {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.sockets[argInt(args, 0)]
}

// rws returns the ReconnectingWebSocket with the id in args[0], or nil.
func (e *engine) rws(args []safejs.Value) *rws {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.rwss[argInt(args, 0)]
}

// errQuota reports a full outbox: QuotaExceededError in JavaScript.
var errQuota = errors.New("wasmws: the outbox is full")

// errorName returns the name of the exception JavaScript throws for err: a
// DOMException name, or RangeError or TypeError.
func errorName(err error) string {
	switch {
	case errors.Is(err, sdk.ErrSyntax):
		return "SyntaxError"
	case errors.Is(err, sdk.ErrInvalidAccess):
		return "InvalidAccessError"
	case errors.Is(err, sdk.ErrInvalidState), errors.Is(err, sdk.ErrClosed):
		return "InvalidStateError"
	case errors.Is(err, errQuota), errors.Is(err, reconnect.ErrMessageTooLarge), errors.Is(err, reconnect.ErrOutboxFull):
		return "QuotaExceededError"
	case errors.Is(err, sdk.ErrInvalidMessage):
		return "DataError"
	case errors.Is(err, sdk.ErrInvalidOptions):
		return "RangeError"
	case errors.Is(err, sdk.ErrUnsupported):
		return "NotSupportedError"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "AbortError"
	}
	return "Error"
}

// fail is the result of an engine function that failed: an object
// {error, message} that wasmws.js turns into the exception to throw.
func fail(err error) any {
	return map[string]any{"error": errorName(err), "message": err.Error()}
}
