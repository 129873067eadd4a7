//go:build js && wasm

package sdk

import (
	"errors"
	"strings"
	"sync"
	"syscall/js"
	"time"
	"unsafe"

	"github.com/hack-pad/safejs"
	"github.com/wasmws/wasmws/internal/jsbridge"
	"github.com/wasmws/wasmws/internal/msgqueue"
)

// maxRetainedSendBuffer is the largest send buffer (a JS Uint8Array) a connection
// keeps between messages; a larger message gets a buffer of its own.
const maxRetainedSendBuffer = 1 << 20

// browserTransport runs a connection on the browser's own WebSocket, reached
// through safejs. Its event listeners and its JavaScript shim (shim_js.go),
// which receives the messages and sends them, are created once per
// connection and removed and released when it closes. Sends copy into the
// shim's reused Uint8Array (a fresh one per message costs ~140 µs for
// 64 KiB); received bytes are copied into Go memory once.
type browserTransport struct {
	c          *Conn
	ws         safejs.Value
	uint8Array safejs.Value    // the Uint8Array constructor
	closeFn    safejs.Value    // WebSocket.prototype.close, called as such
	hooks      *jsbridge.Hooks // nil unless created through jsbridge

	shim    []safejs.Value // the shim's parts, indexed by shimPull and the rest
	sendFns [3]js.Value    // shim[shimSendText] and [shimSendBin] by MessageType, which never throw
	buffFn  js.Value       // shim[shimBuffered], which never throws
	stateFn js.Value       // shim[shimState], which never throws

	recv    shimReceiver      // what Receive pulled from the shim (shimrecv_js.go)
	arrived msgqueue.Notifier // the shim woke Go, or stopped
	drained msgqueue.Notifier // the shim woke Go, or a waiting Send's poll is due: read bufferedAmount again
	wake    js.Func           // onWake, the shim's wake-up; released with funcs
	armFn   js.Value          // shim[shimArmDrain], which never throws

	mu          sync.Mutex
	failed      bool          // an error event came: the browser failed the connection
	funcs       []safejs.Func // every callback, listeners included
	listeners   []listener    // the socket's event listeners
	released    bool
	shimStopped bool

	scratch    safejs.Value // the shim's send buffer, a Uint8Array
	scratchLen int
	parts      partsViews // views into scratch for sendParts

	// pollTimer is drainSignal's timer, created by the first wait. Guarded
	// by mu.
	pollTimer *time.Timer

	// An upper bound of the browser's bufferedAmount, which only send makes
	// grow: its value when last read plus the bytes sent since. Send reads
	// the property (a call into JavaScript) only when this bound is above
	// HighWaterMark. Not used with hooks, whose JavaScript code may send on
	// the socket itself, unless they promise it does not (OnlyGoSends).
	// Guarded by mu.
	bufferedRead      int64
	sentSinceBuffered int64

	// bufferedAtClose is BufferedAmount once the SDK has reported the
	// connection Closed (see freezeBuffered); frozen says it is set. Guarded
	// by mu.
	bufferedAtClose int64
	frozen          bool

	// discarded counts the bytes of messages Send accepted after the
	// browser's WebSocket had left OPEN (see countDiscarded). Guarded by
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
	if c.opts.InsecureSkipVerify || c.opts.usesTLSFiles() {
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
	t := &browserTransport{c: c, ws: ws, uint8Array: u8, hooks: hooks}
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
		{"error", t.onError},
		{"close", t.onClose},
	}
	// The shim listens for messages unless JavaScript reads them (see
	// jsbridge.Hooks).
	t.wake = js.FuncOf(t.onWake)
	if t.shim, err = newShim(ws, &c.opts, hooks == nil, t.wake); err != nil {
		t.release()
		t.callClose()
		return err
	}
	t.recv.init(t.shim)
	t.buffFn, t.stateFn = safejs.Unsafe(t.shim[shimBuffered]), safejs.Unsafe(t.shim[shimState])
	t.armFn = safejs.Unsafe(t.shim[shimArmDrain])
	t.sendFns[Text], t.sendFns[Binary] = safejs.Unsafe(t.shim[shimSendText]), safejs.Unsafe(t.shim[shimSendBin])
	for _, h := range handlers {
		f, err := safejs.FuncOf(h.fn)
		if err != nil {
			t.stopShim()
			t.release()
			return err
		}
		t.funcs = append(t.funcs, f)
		if _, err := ws.Call("addEventListener", h.typ, f.Value()); err != nil {
			t.stopShim()
			t.release()
			return err
		}
		t.listeners = append(t.listeners, listener{h.typ, f})
	}
	if hooks != nil && hooks.Socket != nil {
		hooks.Socket(ws, t.shim[shimReceive])
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

// stopShim stops the shim listening and waking Go, once: messages are
// received up to the moment the connection leaves Open, and those still
// queued are returned by Receive (see pop). It wakes waiting receivers,
// whose wake-up the shim no longer posts.
func (t *browserTransport) stopShim() {
	t.mu.Lock()
	stopped := t.shimStopped
	t.shimStopped = true
	t.mu.Unlock()
	if !stopped && t.shim != nil {
		_, _ = t.shim[shimStop].Invoke()
	}
	t.arrived.Notify()
	t.drained.Notify()
}

func (t *browserTransport) onError(safejs.Value, []safejs.Value) any {
	t.mu.Lock()
	t.failed = true
	t.mu.Unlock()
	if t.hooks != nil && t.hooks.Error != nil {
		t.hooks.Error()
	}
	return nil
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
	ce = t.failedCloseCode(ce)
	t.freezeBuffered()
	t.stopShim()
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

// release detaches and frees the event callbacks, once. The shim, which
// calls one of them (wake), must have been stopped first.
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
	t.wake.Release()
	if t.pollTimer != nil {
		t.pollTimer.Stop() // waiters end with the connection
	}
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
	var err error
	if len(p) > maxRetainedSendBuffer {
		if t.socketLeftOpen() {
			t.countDiscarded(len(p))
		} else {
			err = t.sendOwnBuffer(typ, p)
		}
	} else {
		err = t.sendScratch(typ, p)
	}
	if err == nil {
		t.countSent(len(p))
	}
	return err
}

// countSent adds n bytes sent to the bound of bufferedAmount.
func (t *browserTransport) countSent(n int) {
	t.mu.Lock()
	t.sentSinceBuffered += int64(n)
	t.mu.Unlock()
}

// sendScratch copies p into the shim's scratch Uint8Array and has the shim
// send its first len(p) bytes (decoded as UTF-8 for Text), which the browser
// copies at once: one copy and one call that takes only a number. The shim
// sends nothing if the socket has left OPEN (see countDiscarded).
func (t *browserTransport) sendScratch(typ MessageType, p []byte) error {
	if err := t.growScratch(len(p)); err != nil {
		return err
	}
	if len(p) > 0 {
		// The scratch array is a Uint8Array: the copy cannot panic.
		js.CopyBytesToJS(safejs.Unsafe(t.scratch), p)
	}
	return t.sendFromScratch(typ, len(p))
}

// growScratch makes the scratch array at least n bytes long: a power of two
// from 4 KiB, at most maxRetainedSendBuffer + maxPartsHead.
func (t *browserTransport) growScratch(n int) error {
	if n <= t.scratchLen {
		return nil
	}
	size := 4096
	for size < n {
		size *= 2
	}
	size = min(size, max(n, maxRetainedSendBuffer+maxPartsHead))
	buf, err := t.shim[shimGrow].Invoke(size)
	if err != nil {
		return err
	}
	t.scratch, t.scratchLen = buf, size
	return nil
}

// sendFromScratch has the shim send the scratch array's first n bytes.
func (t *browserTransport) sendFromScratch(typ MessageType, n int) error {
	switch t.sendFns[typ].Invoke(n).Int() {
	case shimSent:
		return nil
	case shimDiscarded:
		t.countDiscarded(n)
		return nil
	}
	v, _ := t.shim[shimThrown].Invoke()
	thrown, _ := v.String()
	return errors.New(thrown)
}

// sendOwnBuffer sends a message too large to keep a buffer for through one
// of its own.
func (t *browserTransport) sendOwnBuffer(typ MessageType, p []byte) error {
	if typ == Text {
		// js.ValueOf copies the string into JS at once, so it may alias p.
		_, err := t.ws.Call("send", unsafe.String(unsafe.SliceData(p), len(p)))
		return err
	}
	buf, err := t.uint8Array.New(len(p))
	if err == nil {
		_, err = safejs.CopyBytesToJS(buf, p)
	}
	if err == nil {
		_, err = t.ws.Call("send", buf)
	}
	return err
}

func (t *browserTransport) bufferedAmount() int64 {
	if b, ok := t.frozenBuffered(); ok {
		return b
	}
	return t.liveBuffered()
}

// rawBuffered is the browser's bufferedAmount, read through the shim when
// there is one (a call that returns a number, the cheapest way to read it).
func (t *browserTransport) rawBuffered() int64 {
	if t.shim == nil {
		return t.intProp(t.ws, "bufferedAmount")
	}
	return int64(t.buffFn.Invoke().Float())
}

func (t *browserTransport) backlog() int64 { return t.bufferedAmount() }

func (t *browserTransport) backlogAbove(limit int64) bool {
	t.mu.Lock()
	bound, sent := t.bufferedRead+t.sentSinceBuffered, t.sentSinceBuffered
	t.mu.Unlock()
	if bound <= limit && (t.hooks == nil || t.hooks.OnlyGoSends) {
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
// is only called while a sender waits, so idle connections never poll. The
// signal comes at the next message the shim receives (see shimArmDrain), or
// after BufferedPollInterval, whichever is first; waiters share it.
//
// One timer serves every waiter: each wait re-arms it, and it is left
// running when a wait ends (a Send that waits often waits again at once,
// and a timer that fires with no waiter only wakes Go once). A waiter
// therefore always has a poll due within BufferedPollInterval.
func (t *browserTransport) drainSignal() (<-chan struct{}, func()) {
	ch := t.drained.Wait()
	if t.armFn.Type() == js.TypeFunction {
		t.armFn.Invoke()
	}
	t.mu.Lock()
	if t.pollTimer == nil {
		t.pollTimer = time.AfterFunc(BufferedPollInterval, t.drained.Notify)
	} else {
		t.pollTimer.Reset(BufferedPollInterval)
	}
	t.mu.Unlock()
	return ch, func() {}
}

func (t *browserTransport) close(code StatusCode, reason string) {
	t.stopShim()
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
func (t *browserTransport) abort() { t.abortWith() }

// abortConnecting is abort for Close while Connecting: the browser's close
// gets the application's code and reason (none for code 0). Firefox may
// have completed the handshake in its network process before the page saw
// open; it then runs a closing handshake with that code, as it does for a
// page that calls its own WebSocket's close(code, reason) then.
func (t *browserTransport) abortConnecting(code StatusCode, reason string) {
	if code == 0 {
		t.abortWith()
		return
	}
	t.abortWith(int(code), reason)
}

// abortWith is abort, calling the browser's close with args.
func (t *browserTransport) abortWith(args ...any) {
	t.freezeBuffered()
	t.stopShim()
	t.callClose(args...)
	t.release()
	t.closedWith(CloseError{Code: StatusAbnormalClosure}, nil)
}
