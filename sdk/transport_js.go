//go:build js && wasm

package sdk

import (
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/hack-pad/safejs"
)

// maxRetainedScratch is the largest send buffer (a JS Uint8Array) a connection
// keeps between messages; a larger message gets a buffer of its own.
const maxRetainedScratch = 1 << 20

// browserTransport runs a connection on the browser's own WebSocket, reached
// through safejs. Its four event callbacks are created once per connection and
// released when it closes. Binary sends go through one reused Uint8Array
// (a fresh one per message costs ~140 µs for 64 KiB); received bytes are
// copied into Go memory once.
type browserTransport struct {
	c          *Conn
	ws         safejs.Value
	uint8Array safejs.Value // the Uint8Array constructor

	mu       sync.Mutex
	funcs    []safejs.Func // onopen, onmessage, onerror, onclose
	released bool

	scratch    safejs.Value // send buffer, a Uint8Array
	scratchLen int
}

func startTransport(c *Conn, url string) error {
	if len(c.opts.Header) > 0 {
		return wrapErr(ErrUnsupported, "the browser does not let pages set handshake headers")
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
	ws, err := ctor.New(url, protocols)
	if err != nil {
		// The constructor throws SyntaxError for every URL or protocol problem.
		return wrapErr(ErrSyntax, strings.TrimPrefix(err.Error(), "JavaScript error: "))
	}
	t := &browserTransport{c: c, ws: ws, uint8Array: u8}
	c.t = t
	if err := ws.Set("binaryType", "arraybuffer"); err != nil {
		return err
	}
	if v, err := ws.Get("url"); err == nil {
		c.url, _ = v.String()
	}
	handlers := []struct {
		name string
		fn   func(this safejs.Value, args []safejs.Value) any
	}{
		{"onopen", t.onOpen},
		{"onmessage", t.onMessage},
		{"onerror", func(safejs.Value, []safejs.Value) any { return nil }},
		{"onclose", t.onClose},
	}
	for _, h := range handlers {
		f, err := safejs.FuncOf(h.fn)
		if err != nil {
			t.release()
			return err
		}
		t.funcs = append(t.funcs, f)
		if err := ws.Set(h.name, f.Value()); err != nil {
			t.release()
			return err
		}
	}
	return nil
}

func (t *browserTransport) onOpen(safejs.Value, []safejs.Value) any {
	t.c.handleOpen(t.stringProp(t.ws, "protocol"), t.stringProp(t.ws, "extensions"))
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
	var m inbound
	if data.Type() == safejs.TypeString {
		s, err := data.String()
		if err != nil {
			return nil
		}
		// s was freshly allocated by the conversion and is referenced nowhere
		// else, so its bytes can become the message without another copy.
		m = inbound{typ: Text, data: unsafe.Slice(unsafe.StringData(s), len(s))}
		if int64(len(s)) > t.c.opts.ReadLimit {
			t.c.fail(StatusReadLimit, wrapErr(ErrMessageTooBig, "message over ReadLimit"))
			return nil
		}
	} else {
		n := t.intProp(data, "byteLength")
		if n > t.c.opts.ReadLimit {
			t.c.fail(StatusReadLimit, wrapErr(ErrMessageTooBig, "message over ReadLimit"))
			return nil
		}
		view, err := t.uint8Array.New(data)
		if err != nil {
			return nil
		}
		m = inbound{typ: Binary, data: make([]byte, n)}
		if _, err := safejs.CopyBytesToGo(m.data, view); err != nil {
			return nil
		}
	}
	if m.data == nil {
		m.data = []byte{}
	}
	if !t.c.recv.tryPush(m) {
		t.c.fail(StatusReceiveOverflow, wrapErr(ErrReceiveOverflow, "unread messages exceeded ReceiveBuffer"))
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
	t.release()
	t.c.handleClosed(ce, nil)
	return nil
}

// release detaches and frees the event callbacks, once.
func (t *browserTransport) release() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.released {
		return
	}
	t.released = true
	for _, name := range []string{"onopen", "onmessage", "onerror", "onclose"} {
		_ = t.ws.Set(name, safejs.Null())
	}
	for _, f := range t.funcs {
		f.Release()
	}
	t.funcs = nil
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

func (t *browserTransport) send(typ MessageType, p []byte) error {
	if typ == Text {
		// js.ValueOf copies the string into JS at once, so it may alias p.
		_, err := t.ws.Call("send", unsafe.String(unsafe.SliceData(p), len(p)))
		return err
	}
	buf := t.scratch
	if t.scratchLen == 0 || len(p) > t.scratchLen {
		size := 4096
		for size < len(p) {
			size *= 2
		}
		var err error
		if buf, err = t.uint8Array.New(size); err != nil {
			return err
		}
		if size <= maxRetainedScratch {
			t.scratch, t.scratchLen = buf, size
		}
	}
	if _, err := safejs.CopyBytesToJS(buf, p); err != nil {
		return err
	}
	view, err := buf.Call("subarray", 0, len(p))
	if err != nil {
		return err
	}
	_, err = t.ws.Call("send", view) // the browser copies the bytes now
	return err
}

func (t *browserTransport) bufferedAmount() int64 { return t.intProp(t.ws, "bufferedAmount") }

func (t *browserTransport) backlog() int64 { return t.bufferedAmount() }

// drainSignal polls: the browser has no event for bufferedAmount falling. It
// is only called while a sender waits, so idle connections never poll.
func (t *browserTransport) drainSignal() (<-chan struct{}, func()) {
	ch := make(chan struct{})
	timer := time.AfterFunc(BufferedPollInterval, func() { close(ch) })
	return ch, func() { timer.Stop() }
}

func (t *browserTransport) close(code StatusCode, reason string) {
	if code == 0 {
		_, _ = t.ws.Call("close")
		return
	}
	_, _ = t.ws.Call("close", int(code), reason)
}

// abort closes the browser's WebSocket, stops listening to it and reports the
// connection Closed with 1006 at once: the browser offers no way to drop a
// connection without the closing handshake.
func (t *browserTransport) abort() {
	_, _ = t.ws.Call("close")
	t.release()
	t.c.handleClosed(CloseError{Code: StatusAbnormalClosure}, nil)
}
