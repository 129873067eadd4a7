//go:build js && wasm

package main

import (
	"context"
	"sync"

	"github.com/hack-pad/safejs"
	"github.com/wasmws/wasmws/internal/jsbridge"
	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// rws is the engine side of one wasmws.ReconnectingWebSocket: one
// reconnect.Client, created closed with startClosed, closed by close() and
// started again by reconnect(); its options keep the outbox while it is
// closed (Options.QueueWhileClosed), as the JavaScript class queues send()
// then. Every rule (validation, bounds, backoff, replay) is the Client's;
// this is glue. The shell's callbacks (port):
//
//	socket(ws, receive)   a new browser WebSocket: read its messages
//	deliver(n)            dispatch the oldest n messages kept in JavaScript
//	message(data)         dispatch a message Go holds (a string or Uint8Array)
//	state(name, readyState)
//	event(type, ...)      open mode protocol | resumed detail |
//	                      notresumed detail | error |
//	                      close code reason wasClean url |
//	                      reconnecting attempt delay reason url |
//	                      giveup attempts reason url
//	drained()             bufferedAmount fell to lowWaterMark
//	accepted(token, throttled) / rejected(token, name, message)
//
// Every port call but the last two comes from the event loop of the
// Client's current run, one goroutine at a time, so events keep their order.
// The port also carries the send queue (see sendQueue).
type rws struct {
	e       *engine
	id      int
	port    safejs.Value
	client  *reconnect.Client
	changes *changeQueue // the Client's state changes, for the event loop
	urlFn   safejs.Value // the url function, or undefined
	sends   *sendQueue

	deliveries deliveries // the event loop's

	high, low int64

	mu          sync.Mutex
	closing     bool // close() was called on the current run
	closeCode   sdk.StatusCode
	closeReason string
	loopDone    chan struct{} // closed when the event loop of the last run ended
	ws          safejs.Value  // the socket now open or opening, or undefined
	wsError     bool          // ws fired error
	ends        []socketEnd   // sockets that ended, not yet reported, oldest first
	throttled   bool
	polling     bool
	copied      int64 // messages dispatched from a copy in Go (see deliver)
}

// socketEnd is how a socket ended, for the close (and error) event that the
// event loop dispatches with the state change that follows.
type socketEnd struct {
	err bool // the socket fired error
	ce  sdk.CloseError
}

// rwsOpen(url, protocols, options, port) creates a ReconnectingWebSocket and
// returns {id}, or {error, message}. url is a string or a function; options
// is the object wasmws.js normalised (see options.go). Unless
// options.startClosed, it starts connecting at once.
func (e *engine) rwsOpen(args []safejs.Value) any {
	r := &rws{e: e, port: arg(args, 3), ws: safejs.Undefined(), urlFn: safejs.Undefined(), changes: newChangeQueue()}
	opts, err := readOptions(arg(args, 2))
	if err != nil {
		return fail(err)
	}
	url := ""
	switch u := arg(args, 0); u.Type() {
	case safejs.TypeFunction:
		r.urlFn = u
		opts.URL = r.provideURL
	default:
		url, _ = u.String() // the Client checks it as the WebSocket constructor would
	}
	opts.Protocols = argStrings(args, 1)
	opts.QueueWhileClosed = true
	opts.OnStateChange = r.changes.push
	// Each connection hands its socket to the shell, which reads the
	// messages itself; it sends only through the Client.
	hooks := &jsbridge.Hooks{Socket: r.onSocket, Error: r.onError, Closed: r.onClosed, OnlyGoSends: true}
	opts.Dial = func(ctx context.Context, url string, o *sdk.Options) (*sdk.Conn, error) {
		return dialHooked(ctx, url, o, hooks)
	}
	c, err := reconnect.New(url, &opts)
	if err != nil {
		return fail(err)
	}
	conn, _ := opts.Options.WithDefaults() // valid: New accepted it
	r.client, r.high, r.low = c, conn.HighWaterMark, conn.LowWaterMark
	if err := r.startQueues(); err != nil {
		return fail(err)
	}
	r.id = e.add(nil, r)
	if !opts.StartClosed {
		r.startLoop()
	}
	return map[string]any{"id": r.id}
}

// startLoop starts the event loop of the Client's current run, after the
// loop of the previous run has ended, and reports the state Connecting at
// once.
func (r *rws) startLoop() {
	r.mu.Lock()
	previous, done := r.loopDone, make(chan struct{})
	r.loopDone = done
	r.closing, r.closeCode, r.closeReason = false, 0, ""
	r.mu.Unlock()
	r.setState(reconnect.Connecting)
	go func() {
		defer close(done)
		if previous != nil {
			<-previous
		}
		r.loop()
	}()
}

// rwsClose(id, code, reason) validates the arguments, then closes the
// Client, in the background, and returns.
func (e *engine) rwsClose(args []safejs.Value) any {
	code, reason, err := closeArgs(args)
	if err != nil {
		return fail(err)
	}
	r := e.rws(args)
	if r == nil {
		return nil
	}
	r.takeSends() // queued before close(): flushed by it
	if r.client.State() == reconnect.Closed {
		return nil
	}
	r.mu.Lock()
	if r.closing {
		r.mu.Unlock()
		return nil
	}
	r.closing, r.closeCode, r.closeReason = true, code, reason
	r.mu.Unlock()
	go func() { _ = r.client.Close(code, reason) }()
	return nil
}

// rwsReconnect(id) drops the open connection and reconnects at once, or,
// when the Client is Closed (startClosed, or after close), starts it again.
func (e *engine) rwsReconnect(args []safejs.Value) any {
	r := e.rws(args)
	if r == nil {
		return nil
	}
	r.takeSends()
	if r.client.Start() {
		r.startLoop()
		return nil
	}
	r.client.Reconnect() // nothing while Closing
	return nil
}

// rwsStats(id) returns the Client's counters, as an object.
func (e *engine) rwsStats(args []safejs.Value) any {
	r := e.rws(args)
	if r == nil {
		return nil
	}
	r.takeSends()
	r.mu.Lock()
	copied := r.copied
	r.mu.Unlock()
	s := r.client.Stats()
	return map[string]any{
		"retryCount":     s.Failures,
		"attempts":       s.Attempts,
		"reconnects":     s.Reconnects,
		"queuedMessages": s.QueuedMessages,
		"queuedBytes":    s.QueuedBytes,
		"sent":           s.Sent,
		"replayed":       s.Replayed,
		"maybeLost":      s.MaybeLost,
		"downtime":       s.Downtime.Milliseconds(),
		"copied":         copied,
		"resumed":        s.Resumed,
		"notResumed":     s.NotResumed,
		"retransmitted":  s.Retransmitted,
		"acked":          s.Acked,
		"unacked":        s.Unacked,
		"missed":         s.Missed,
	}
}

// onSocket is jsbridge.Hooks.Socket: a new browser WebSocket for the next attempt.
func (r *rws) onSocket(ws, receive safejs.Value) {
	r.mu.Lock()
	r.ws, r.wsError = ws, false
	r.mu.Unlock()
	call(r.port, "socket", ws, receive)
}

// onError is jsbridge.Hooks.Error.
func (r *rws) onError() {
	r.mu.Lock()
	r.wsError = true
	r.mu.Unlock()
}

// onClosed is jsbridge.Hooks.Closed: the socket closed; the event loop
// reports it with the state change that follows. (The next attempt may start
// before the loop gets to it, hence a list.)
func (r *rws) onClosed(code int, reason string, wasClean bool) {
	ce := sdk.CloseError{Code: sdk.StatusCode(code), Reason: reason, WasClean: wasClean}
	r.mu.Lock()
	r.ends = append(r.ends, socketEnd{err: r.wsError, ce: ce})
	r.ws, r.wsError = safejs.Undefined(), false
	r.mu.Unlock()
}

// doneCtx is a context that has ended: a Send with it queues the message if
// there is room and otherwise returns at once, and a Receive with it returns
// a message only if one is waiting.
var doneCtx = func() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}()
