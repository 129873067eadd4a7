//go:build js && wasm

package main

import (
	"context"
	"strings"
	"sync"

	"github.com/hack-pad/safejs"
	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// rws is the engine side of one wasmws.ReconnectingWebSocket: a series of
// reconnect.Clients (a new one for each reconnect() after close() or
// startClosed), a queue for messages sent while none runs, and the shell's
// callbacks (port):
//
//	socket(ws, receive)   a new browser WebSocket: read its messages
//	deliver()             dispatch the oldest message kept in JavaScript
//	message(data)         dispatch a message Go holds (a string or Uint8Array)
//	state(name, readyState)
//	event(type, ...)      open | error | close code reason wasClean |
//	                      reconnecting attempt delay reason
//	drained()             bufferedAmount fell to lowWaterMark
//	accepted(token, throttled) / rejected(token, name, message)
//
// Every port call but the last two comes from the Client's event loop, one
// goroutine, so events keep their order.
type rws struct {
	e     *engine
	id    int
	port  safejs.Value
	opts  reconnect.Options // for each Client; URL is r.provideURL
	url   string            // fixed URL, or "" when urlFn is set
	urlFn safejs.Value      // the url function, or undefined
	hooks *sdk.JSHooks

	high, low int64

	mu          sync.Mutex
	client      *reconnect.Client // the running Client, or nil
	closing     bool              // close() was called on client
	closeCode   sdk.StatusCode
	closeReason string
	pre         []queued // messages sent while no Client runs
	preBytes    int64
	waiting     []*pendingSend // sendAsync calls waiting for room, in order
	sending     bool           // the sender goroutine runs
	ws          safejs.Value   // the socket now open or opening, or undefined
	wsError     bool           // ws fired error
	ends        []socketEnd    // sockets that ended, not yet reported, oldest first
	throttled   bool
	polling     bool
	copied      int64 // messages dispatched from a copy in Go (see dispatch)
}

// socketEnd is how a socket ended, for the close (and error) event that the
// event loop dispatches with the state change that follows.
type socketEnd struct {
	err bool // the socket fired error
	ce  sdk.CloseError
}

// queued is a message waiting for a Client.
type queued struct {
	typ  sdk.MessageType
	data []byte
}

// rwsOpen(url, protocols, options, port) creates a ReconnectingWebSocket and
// returns {id}, or {error, message}. url is a string or a function; options
// is the object wasmws.js normalised (see options.go). Unless
// options.startClosed, it starts connecting at once.
func (e *engine) rwsOpen(args []safejs.Value) any {
	r := &rws{e: e, port: arg(args, 3), ws: safejs.Undefined(), urlFn: safejs.Undefined()}
	switch u := arg(args, 0); u.Type() {
	case safejs.TypeFunction:
		r.urlFn = u
	default:
		s, _ := u.String()
		url, err := resolveURL(s)
		if err != nil {
			return fail(err)
		}
		r.url = url
	}
	opts, startClosed, err := readOptions(arg(args, 2))
	if err != nil {
		return fail(err)
	}
	opts.Protocols = argStrings(args, 1)
	opts.URL = r.provideURL
	r.hooks = &sdk.JSHooks{Socket: r.onSocket, Error: r.onError, Closed: r.onClosed}
	// Each connection hands its socket to the shell, which reads the
	// messages itself.
	opts.Dial = func(ctx context.Context, url string, o *sdk.Options) (*sdk.Conn, error) {
		return sdk.DialJS(ctx, url, o, r.hooks)
	}
	r.opts = opts
	r.high, r.low = marks(opts.HighWaterMark, opts.LowWaterMark)
	if startClosed {
		if err := validate(opts); err != nil {
			return fail(err)
		}
	}
	r.id = e.add(nil, r)
	if !startClosed {
		r.mu.Lock()
		err := r.startLocked()
		r.mu.Unlock()
		if err != nil {
			e.remove(r.id)
			return fail(err)
		}
	}
	return map[string]any{"id": r.id}
}

// validate checks opts as reconnect.New would, for a ReconnectingWebSocket
// created with startClosed, whose first Client starts later. The Client it
// creates fails its only attempt in the URL provider, without a socket, and
// is closed at once.
func validate(opts reconnect.Options) error {
	o := opts
	o.URL = func(context.Context) (string, error) { return "", errValidating }
	c, err := reconnect.New("", &o)
	if err != nil {
		return err
	}
	go func() { _ = c.Close(sdk.StatusNormalClosure, "") }()
	return nil
}

// errValidating fails the attempt of the Client validate creates.
var errValidating = errString("validating options")

// startLocked starts a new Client and hands it the messages sent meanwhile.
// r.mu is held.
func (r *rws) startLocked() error {
	q := newChangeQueue()
	o := r.opts
	o.OnStateChange = q.push
	c, err := reconnect.New("", &o)
	if err != nil {
		return err
	}
	r.client, r.closing = c, false
	r.closeCode, r.closeReason = 0, ""
	for len(r.pre) > 0 {
		m := r.pre[0]
		if err := c.Send(doneCtx, m.typ, m.data); err != nil {
			break // cannot happen: the outbox has the same bounds
		}
		r.pre[0] = queued{}
		r.pre = r.pre[1:]
		r.preBytes -= int64(len(m.data))
	}
	call(r.port, "state", "connecting", 0)
	go r.loop(c, q)
	return nil
}

// rwsClose(id, code, reason) validates the arguments, then closes the
// running Client, in the background, and returns.
func (e *engine) rwsClose(args []safejs.Value) any {
	code, reason, err := closeArgs(args)
	if err != nil {
		return fail(err)
	}
	r := e.rws(args)
	if r == nil {
		return nil
	}
	r.mu.Lock()
	c := r.client
	if c == nil || r.closing {
		r.mu.Unlock()
		return nil
	}
	r.closing, r.closeCode, r.closeReason = true, code, reason
	r.mu.Unlock()
	go func() { _ = c.Close(code, reason) }()
	return nil
}

// rwsReconnect(id) drops the open connection and reconnects at once, or, when
// no Client runs (startClosed, or after close), starts one.
func (e *engine) rwsReconnect(args []safejs.Value) any {
	r := e.rws(args)
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.client == nil:
		if err := r.startLocked(); err != nil {
			return fail(err)
		}
	case !r.closing:
		r.client.Reconnect()
	}
	return nil
}

// rwsStats(id) returns the counters of the running (or last) Client and
// the queue, as an object.
func (e *engine) rwsStats(args []safejs.Value) any {
	r := e.rws(args)
	if r == nil {
		return nil
	}
	r.mu.Lock()
	c := r.client
	pre, preBytes, copied := len(r.pre), r.preBytes, r.copied
	r.mu.Unlock()
	var s reconnect.Stats
	if c != nil {
		s = c.Stats()
	}
	return map[string]any{
		"retryCount":     s.Failures,
		"attempts":       s.Attempts,
		"reconnects":     s.Reconnects,
		"queuedMessages": s.QueuedMessages + pre,
		"queuedBytes":    s.QueuedBytes + preBytes,
		"sent":           s.Sent,
		"replayed":       s.Replayed,
		"maybeLost":      s.MaybeLost,
		"downtime":       s.Downtime.Milliseconds(),
		"copied":         copied,
	}
}

// onSocket is JSHooks.Socket: a new browser WebSocket for the next attempt.
func (r *rws) onSocket(ws, receive safejs.Value) {
	r.mu.Lock()
	r.ws, r.wsError = ws, false
	r.mu.Unlock()
	call(r.port, "socket", ws, receive)
}

// onError is JSHooks.Error.
func (r *rws) onError() {
	r.mu.Lock()
	r.wsError = true
	r.mu.Unlock()
}

// onClosed is JSHooks.Closed: the socket closed; the event loop reports it
// with the state change that follows. (The next attempt may start before the
// loop gets to it, hence a queue.)
func (r *rws) onClosed(ce sdk.CloseError) {
	r.mu.Lock()
	r.ends = append(r.ends, socketEnd{err: r.wsError, ce: ce})
	r.ws, r.wsError = safejs.Undefined(), false
	r.mu.Unlock()
}

// resolveURL resolves url against the page's base URL and checks it as the
// WebSocket constructor does. It returns url unchanged: the browser resolves
// it again, the same way, for every attempt.
func resolveURL(url string) (string, error) {
	global := safejs.Global()
	ctor, err := global.Get("URL")
	if err != nil || ctor.Type() != safejs.TypeFunction {
		_, err := sdk.ParseURL(url)
		return url, err
	}
	args := []any{url}
	if loc, err := global.Get("location"); err == nil && loc.Type() == safejs.TypeObject {
		if href, err := loc.Get("href"); err == nil && href.Type() == safejs.TypeString {
			args = append(args, href)
		}
	}
	u, err := ctor.New(args...)
	if err != nil {
		return "", syntaxError("URL " + url + ": " + strings.TrimPrefix(err.Error(), "JavaScript error: "))
	}
	href, err := u.Get("href")
	if err != nil {
		return "", err
	}
	s, _ := href.String()
	if _, err := sdk.ParseURL(s); err != nil {
		return "", err
	}
	return url, nil
}

// syntaxError is an error matching sdk.ErrSyntax.
func syntaxError(msg string) error { return wrapped{sdk.ErrSyntax, msg} }

// wrapped is an error that says msg and matches sentinel.
type wrapped struct {
	sentinel error
	msg      string
}

func (w wrapped) Error() string { return w.sentinel.Error() + ": " + w.msg }
func (w wrapped) Unwrap() error { return w.sentinel }

// doneCtx is a context that has ended: a Send with it queues the message if
// there is room and otherwise returns at once, and a Receive with it returns
// a message only if one is waiting.
var doneCtx = func() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}()
