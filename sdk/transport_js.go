//go:build js && wasm

package sdk

import (
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/hack-pad/safejs"
	"github.com/wasmws/wasmws/internal/jsbridge"
)

// maxRetainedSendBuffer is the largest send buffer (a JS Uint8Array) a connection
// keeps between messages; a larger message gets a buffer of its own.
const maxRetainedSendBuffer = 1 << 20

// browserTransport runs a connection on the browser's own WebSocket, reached
// through safejs. Its four event listeners are created once per connection and
// removed and released when it closes. Binary sends go through one reused Uint8Array
// (a fresh one per message costs ~140 µs for 64 KiB); received bytes are
// copied into Go memory once.
type browserTransport struct {
	c          *Conn
	ws         safejs.Value
	uint8Array safejs.Value    // the Uint8Array constructor
	closeFn    safejs.Value    // WebSocket.prototype.close, called as such
	hooks      *jsbridge.Hooks // nil unless created through jsbridge

	mu        sync.Mutex
	funcs     []safejs.Func // every callback, listeners included
	listeners []listener    // the socket's event listeners
	released  bool

	scratch    safejs.Value // send buffer, a Uint8Array
	scratchLen int
	view       safejs.Value // scratch.subarray(0, viewLen), reused while messages keep that size
	viewLen    int          // -1: no view

	// An upper bound of the browser's bufferedAmount, which only send makes
	// grow: its value when last read plus the bytes sent since. Send reads
	// the property (a call into JavaScript) only when this bound is above
	// HighWaterMark. Not used with hooks, whose JavaScript code may send on
	// the socket itself. Guarded by mu.
	bufferedRead      int64
	sentSinceBuffered int64

	// bufferedAtClose is BufferedAmount once the SDK has reported the
	// connection Closed (see freezeBuffered); frozen says it is set. Guarded
	// by mu.
	bufferedAtClose int64
	frozen          bool

	// discarded counts the bytes of messages Send accepted after the
	// browser's WebSocket had left OPEN (see discardedByEngine). Guarded by
	// mu.
	discarded int64
}

func startTransport(c *Conn, url string) error { return startBrowser(c, url, nil) }

// startBrowser creates the browser's WebSocket for c. With hooks, the SDK does
// not listen for messages; the hooks' Socket gets the WebSocket and a receive
// function instead (see jsbridge.Hooks).
func startBrowser(c *Conn, url string, hooks *jsbridge.Hooks) error {
	if len(c.opts.Header) > 0 {
		return wrapErr(ErrUnsupported, "the browser does not let pages set handshake headers")
	}
	if c.opts.InsecureSkipVerify {
		return wrapErr(ErrUnsupported, "the browser decides which certificates to trust")
	}
	global := safejs.Global()
	ctor, err := global.Get("WebSocket")
	if err != nil || ctor.IsUndefined() {
		return wrapErr(ErrUnsupported, "no WebSocket in this JavaScript environment")
	}
	u8, err := global.Get("Uint8Array")
	if err != nil {
		return err
	}
	protocols := make([]any, len(c.opts.Protocols))
	for i, p := range c.opts.Protocols {
		protocols[i] = p
	}
	if hooks == nil || !hooks.EngineSemantics {
		if url, err = resolveURL(url); err != nil {
			return err
		}
	}
	ws, err := ctor.New(url, protocols)
	if err != nil {
		// The constructor throws SyntaxError for every URL or protocol problem.
		return wrapErr(ErrSyntax, strings.TrimPrefix(err.Error(), "JavaScript error: "))
	}
	t := &browserTransport{c: c, ws: ws, uint8Array: u8, hooks: hooks, viewLen: -1}
	// Call the browser's own close, whatever JavaScript code (a hooks
	// user) later puts on the object.
	if proto, err := ctor.Get("prototype"); err == nil {
		t.closeFn, _ = proto.Get("close")
	}
	c.t = t
	if err := ws.Set("binaryType", "arraybuffer"); err != nil {
		return err
	}
	if v, err := ws.Get("url"); err == nil {
		c.url, _ = v.String()
	}
	// Listeners rather than the on* attributes, which JavaScript code that
	// gets the socket (see jsbridge.Hooks) may set; added first, they run first.
	handlers := []struct {
		typ string
		fn  func(this safejs.Value, args []safejs.Value) any
	}{
		{"open", t.onOpen},
		{"message", t.onMessage},
		{"error", t.onError},
		{"close", t.onClose},
	}
	if hooks != nil {
		handlers[1].typ = "" // JavaScript reads the messages: see jsbridge.Hooks
	}
	for _, h := range handlers {
		if h.typ == "" {
			continue
		}
		f, err := safejs.FuncOf(h.fn)
		if err != nil {
			t.release()
			return err
		}
		t.funcs = append(t.funcs, f)
		if _, err := ws.Call("addEventListener", h.typ, f.Value()); err != nil {
			t.release()
			return err
		}
		t.listeners = append(t.listeners, listener{h.typ, f})
	}
	if hooks != nil && hooks.Socket != nil {
		f, err := safejs.FuncOf(t.onReceive)
		if err != nil {
			t.release()
			return err
		}
		t.funcs = append(t.funcs, f)
		hooks.Socket(ws, f.Value())
	}
	return nil
}

func (t *browserTransport) onOpen(safejs.Value, []safejs.Value) any {
	protocol := t.stringProp(t.ws, "protocol")
	if t.refuseUnselectedProtocol(protocol) {
		return nil
	}
	t.c.handleOpen(protocol, t.stringProp(t.ws, "extensions"))
	return nil
}

func (t *browserTransport) onMessage(_ safejs.Value, args []safejs.Value) any {
	if len(args) == 0 || !t.c.accepting() {
		return nil
	}
	data, err := args[0].Get("data")
	if err != nil {
		return nil
	}
	t.deliver(data)
	return nil
}

func (t *browserTransport) onError(safejs.Value, []safejs.Value) any {
	if t.hooks != nil && t.hooks.Error != nil {
		t.hooks.Error()
	}
	return nil
}

// deliver queues a received message, its data a string or an ArrayBuffer,
// copied into Go memory.
func (t *browserTransport) deliver(data safejs.Value) {
	var m inbound
	if data.Type() == safejs.TypeString {
		s, err := data.String()
		if err != nil {
			return
		}
		// s was freshly allocated by the conversion and is referenced nowhere
		// else, so its bytes can become the message without another copy.
		m = inbound{typ: Text, data: unsafe.Slice(unsafe.StringData(s), len(s))}
		if int64(len(s)) > t.c.opts.ReadLimit {
			t.c.fail(StatusReadLimit, wrapErr(ErrMessageTooBig, "message over ReadLimit"))
			return
		}
	} else {
		n := t.intProp(data, "byteLength")
		if n > t.c.opts.ReadLimit {
			t.c.fail(StatusReadLimit, wrapErr(ErrMessageTooBig, "message over ReadLimit"))
			return
		}
		view, err := t.uint8Array.New(data)
		if err != nil {
			return
		}
		m = inbound{typ: Binary, data: make([]byte, n)}
		if _, err := safejs.CopyBytesToGo(m.data, view); err != nil {
			return
		}
	}
	if m.data == nil {
		m.data = []byte{}
	}
	if !t.c.recv.TryPush(m) {
		t.c.fail(StatusReceiveOverflow, wrapErr(ErrReceiveOverflow, "unread messages exceeded ReceiveBuffer"))
	}
}

func (t *browserTransport) onClose(_ safejs.Value, args []safejs.Value) any {
	var ce CloseError
	if len(args) > 0 {
		ev := args[0]
		ce.Code = StatusCode(t.intProp(ev, "code"))
		ce.Reason = t.stringProp(ev, "reason")
		if v, err := ev.Get("wasClean"); err == nil {
			ce.WasClean, _ = v.Bool()
		}
	}
	t.freezeBuffered()
	t.release()
	t.closedWith(ce, nil)
	return nil
}

// closedWith reports the connection Closed, to the hooks first; cause, when
// not nil, is why the SDK failed it.
func (t *browserTransport) closedWith(ce CloseError, cause error) {
	if t.hooks != nil && t.hooks.Closed != nil {
		t.hooks.Closed(int(ce.Code), ce.Reason, ce.WasClean)
	}
	t.c.handleClosed(ce, cause)
}

// release detaches and frees the event callbacks, once.
func (t *browserTransport) release() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.released {
		return
	}
	t.released = true
	for _, l := range t.listeners {
		_, _ = t.ws.Call("removeEventListener", l.typ, l.f.Value())
	}
	t.listeners = nil
	for _, f := range t.funcs {
		f.Release()
	}
	t.funcs = nil
}

// listener is an event listener the transport added to its socket.
type listener struct {
	typ string
	f   safejs.Func
}

func (t *browserTransport) stringProp(v safejs.Value, name string) string {
	p, err := v.Get(name)
	if err != nil {
		return ""
	}
	s, _ := p.String()
	return s
}

func (t *browserTransport) intProp(v safejs.Value, name string) int64 {
	p, err := v.Get(name)
	if err != nil {
		return 0
	}
	f, _ := p.Float()
	return int64(f)
}

// send copies p into JavaScript at once, owned or not.
func (t *browserTransport) send(typ MessageType, p []byte, _ bool) error {
	if t.discardedByEngine(len(p)) {
		return nil
	}
	var err error
	if typ == Text {
		// js.ValueOf copies the string into JS at once, so it may alias p.
		_, err = t.ws.Call("send", unsafe.String(unsafe.SliceData(p), len(p)))
	} else {
		err = t.sendBinary(p)
	}
	if err == nil {
		t.mu.Lock()
		t.sentSinceBuffered += int64(len(p))
		t.mu.Unlock()
	}
	return err
}

// sendBinary sends p through the scratch Uint8Array: one copy into
// JavaScript, then send of a view of its first len(p) bytes, which the
// browser copies at once. The view is kept for the next message of the same
// size, which saves a call and a JavaScript object per message.
func (t *browserTransport) sendBinary(p []byte) error {
	if len(p) > maxRetainedSendBuffer {
		// Too large to keep a buffer for: one of its own, for this message.
		buf, err := t.uint8Array.New(len(p))
		if err == nil {
			_, err = safejs.CopyBytesToJS(buf, p)
		}
		if err == nil {
			_, err = t.ws.Call("send", buf)
		}
		return err
	}
	if t.scratchLen == 0 || len(p) > t.scratchLen {
		size := 4096
		for size < len(p) {
			size *= 2
		}
		buf, err := t.uint8Array.New(size)
		if err != nil {
			return err
		}
		t.scratch, t.scratchLen, t.viewLen = buf, size, -1
	}
	if _, err := safejs.CopyBytesToJS(t.scratch, p); err != nil {
		return err
	}
	if t.viewLen != len(p) {
		view, err := t.scratch.Call("subarray", 0, len(p))
		if err != nil {
			return err
		}
		t.view, t.viewLen = view, len(p)
	}
	_, err := t.ws.Call("send", t.view)
	return err
}

func (t *browserTransport) bufferedAmount() int64 {
	if b, ok := t.frozenBuffered(); ok {
		return b
	}
	return t.liveBuffered()
}

func (t *browserTransport) backlog() int64 { return t.bufferedAmount() }

func (t *browserTransport) backlogAbove(limit int64) bool {
	t.mu.Lock()
	bound, sent := t.bufferedRead+t.sentSinceBuffered, t.sentSinceBuffered
	t.mu.Unlock()
	if bound <= limit && t.hooks == nil {
		return false
	}
	b := t.bufferedAmount()
	t.mu.Lock()
	// Sends after the snapshot above stay counted: those made before the
	// read are then counted twice, which keeps the bound a bound.
	t.bufferedRead = b
	t.sentSinceBuffered -= sent
	t.mu.Unlock()
	return b > limit
}

// drainSignal polls: the browser has no event for bufferedAmount falling. It
// is only called while a sender waits, so idle connections never poll.
func (t *browserTransport) drainSignal() (<-chan struct{}, func()) {
	ch := make(chan struct{})
	timer := time.AfterFunc(BufferedPollInterval, func() { close(ch) })
	return ch, func() { timer.Stop() }
}

func (t *browserTransport) close(code StatusCode, reason string) {
	if code == 0 {
		t.callClose()
		return
	}
	t.callClose(int(code), reason)
}

// callClose calls the browser's WebSocket.prototype.close on the socket.
func (t *browserTransport) callClose(args ...any) {
	if t.closeFn.Type() != safejs.TypeFunction {
		_, _ = t.ws.Call("close", args...)
		return
	}
	_, _ = t.closeFn.Call("call", append([]any{t.ws}, args...)...)
}

// abort closes the browser's WebSocket, stops listening to it and reports the
// connection Closed with 1006 at once: the browser offers no way to drop a
// connection without the closing handshake.
func (t *browserTransport) abort() {
	t.freezeBuffered()
	t.callClose()
	t.release()
	t.closedWith(CloseError{Code: StatusAbnormalClosure}, nil)
}
