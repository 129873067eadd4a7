//go:build !js

package sdk

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/internal/msgqueue"
)

// errNoProtocol fails a connection whose server selected none of the offered
// subprotocols, as browsers do (coder/websocket alone would accept it).
var errNoProtocol = errors.New("wasmws: server selected none of the offered subprotocols")

// maxRetainedScratch is the largest message whose read buffer a connection
// keeps for the next message; larger ones are dropped after use. It leaves
// room above 1 MiB for a protocol's header inside the message (resume mode's
// DATA frame of a 1 MiB payload is 1 MiB and a few bytes): without it such a
// frame would grow a new buffer, ~4 MiB of allocations, every time.
const maxRetainedScratch = 1<<20 + 1<<10

// nativeTransport runs a connection on github.com/coder/websocket. A writer
// goroutine drains its own send queue, so bufferedAmount means what it means
// in the browser: bytes accepted and not yet written to the socket. It keeps
// the raw TCP connection so that abort always ends the connection at once.
type nativeTransport struct {
	c      *Conn
	ctx    context.Context // the connection's lifetime; cancelled by abort
	cancel context.CancelFunc

	rawMu sync.Mutex
	raw   net.Conn // set once dialed

	guard     *guardConn  // checks what the peer sends; nil where the stream is encrypted to it
	closeSent atomic.Bool // our close frame went out

	ws *websocket.Conn // set once open

	buffered atomic.Int64      // payload bytes accepted, not yet written
	queued   atomic.Int64      // messages accepted, not yet written
	drained  msgqueue.Notifier // notified after every write

	qmu      sync.Mutex
	queue    []outbound
	closeReq *outbound // the close frame, sent after the queue
	wake     chan struct{}

	scratch []byte // reader's buffer, reused
}

// outbound is one queued message, or with closing set, the close request.
type outbound struct {
	typ     MessageType
	head    []byte // sendParts: written before data, in the same message
	data    []byte
	closing bool
	code    StatusCode
	reason  string
}

func startTransport(c *Conn, rawURL string) error {
	u, err := ParseURL(rawURL)
	if err != nil {
		return err
	}
	c.url = u
	ctx, cancel := context.WithCancel(context.Background())
	t := &nativeTransport{c: c, ctx: ctx, cancel: cancel, wake: make(chan struct{}, 1)}
	c.t = t
	go t.run()
	return nil
}

// run dials, then supervises the reader and the writer until the end.
func (t *nativeTransport) run() {
	defer t.cancel()
	ws, resp, err := t.dial()
	if v := t.violation(); err != nil && v != nil {
		err = v // the SDK's own check failed the handshake: say which
	}
	if err == nil && len(t.c.opts.Protocols) > 0 && ws.Subprotocol() == "" {
		err = errNoProtocol
	}
	if err == nil {
		t.ws = ws           // before handleOpen publishes the connection
		ws.SetReadLimit(-1) // the reader enforces Options.ReadLimit itself, closing with a browser-legal code
	}
	if err == nil && !t.c.handleOpen(ws.Subprotocol(), resp.Header.Get("Sec-WebSocket-Extensions")) {
		err = context.Canceled // Close was called while the handshake ended
	}
	if err != nil {
		if ws != nil {
			_ = ws.CloseNow()
		}
		t.closeRaw()
		if t.c.CloseCalled() {
			err = nil
		}
		t.c.handleClosed(CloseError{Code: StatusAbnormalClosure}, err)
		return
	}
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		t.writeLoop()
	}()
	ce, cause, closing := t.readLoop()
	if closing {
		// The reader stopped and failed the connection: let the writer send
		// the close frame first (Conn.fail bounds how long it may take).
		<-writerDone
	}
	// The connection is over: unblock the writer, wait for it.
	t.closeRaw()
	t.cancel()
	<-writerDone
	if !ce.WasClean {
		// coder/websocket's Close may have read the peer's close frame
		// before the reader could, then closed the connection under it.
		if peer, ok := t.peerClose(); ok {
			ce, cause = peer, nil
		}
	}
	_ = ws.CloseNow()
	t.c.handleClosed(ce, cause)
}

func (t *nativeTransport) dial() (*websocket.Conn, *http.Response, error) {
	var dialer net.Dialer
	secure := strings.HasPrefix(t.c.url, "wss:")
	tlsConfig, err := t.c.opts.tlsConfig()
	if err != nil {
		return nil, nil, err // New checked the options: not reached
	}
	tr := &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		// For a wss connection through a proxy, made by the transport.
		TLSClientConfig: tlsConfig,
		// Plain TCP: for ws, and for the proxy of a proxied wss, whose TLS
		// the transport adds on top (so the sniffer would see only ciphertext).
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := dialer.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			t.setRaw(conn)
			if secure {
				return conn, nil
			}
			return t.guardRaw(conn), nil
		},
		// TLS for a direct wss connection: done here so that the sniffer
		// sits above it, on the plaintext.
		DialTLSContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := dialer.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			t.setRaw(conn)
			cfg := tlsConfig.Clone()
			cfg.ServerName, _, _ = net.SplitHostPort(addr)
			tc := tls.Client(conn, cfg)
			if err := tc.HandshakeContext(ctx); err != nil {
				_ = conn.Close()
				return nil, err
			}
			return t.guardRaw(tc), nil
		},
	}
	defer tr.CloseIdleConnections()
	opts := &websocket.DialOptions{
		HTTPClient:      &http.Client{Transport: tr},
		HTTPHeader:      http.Header(t.c.opts.Header),
		Subprotocols:    t.c.opts.Protocols,
		CompressionMode: websocket.CompressionDisabled,
	}
	ws, resp, err := websocket.Dial(t.ctx, t.c.url, opts)
	if resp != nil && resp.Body != nil && err != nil {
		_ = resp.Body.Close()
	}
	return ws, resp, err
}

// guardRaw wraps conn in a guardConn, which checks what the peer sends.
func (t *nativeTransport) guardRaw(conn net.Conn) net.Conn {
	t.rawMu.Lock()
	defer t.rawMu.Unlock()
	t.guard = &guardConn{Conn: conn, offered: t.c.opts.Protocols}
	return t.guard
}

// violation returns the guard's first violation, if any.
func (t *nativeTransport) violation() error {
	t.rawMu.Lock()
	g := t.guard
	t.rawMu.Unlock()
	if g == nil {
		return nil
	}
	return g.violation()
}

// stopReading makes every later read of the connection fail with err, so
// that coder/websocket's Close, waiting for the peer's close frame, reads and
// discards nothing. Without a guard (wss through a proxy), Close still reads
// until CloseTimeout.
func (t *nativeTransport) stopReading(err error) {
	t.rawMu.Lock()
	g := t.guard
	t.rawMu.Unlock()
	if g != nil {
		g.stop(err)
	}
}

// peerClose returns the peer's close frame as the guard saw it, if both
// close frames were exchanged: the closing handshake completed.
func (t *nativeTransport) peerClose() (CloseError, bool) {
	t.rawMu.Lock()
	s := t.guard
	t.rawMu.Unlock()
	if s == nil || !t.closeSent.Load() {
		return CloseError{}, false
	}
	return s.closeFrame()
}

func (t *nativeTransport) setRaw(conn net.Conn) {
	t.rawMu.Lock()
	defer t.rawMu.Unlock()
	if t.ctx.Err() != nil {
		_ = conn.Close()
		return
	}
	t.raw = conn
}

func (t *nativeTransport) closeRaw() {
	t.rawMu.Lock()
	defer t.rawMu.Unlock()
	if t.raw != nil {
		_ = t.raw.Close()
	}
}

// readLoop reads messages until the connection ends and returns how it ended.
// closing reports that it failed the connection with a close frame still to
// be sent (a message over ReadLimit): it stopped reading at once, so the
// closing handshake cannot complete.
func (t *nativeTransport) readLoop() (_ CloseError, _ error, closing bool) {
	for {
		// No per-frame context: coder/websocket arms a context.AfterFunc for
		// every frame read or written with a cancellable one (12 of the 17
		// allocations of a 16 B round trip, measured); abort closes the raw
		// connection instead, which ends a blocked read or write as surely.
		typ, r, err := t.ws.Reader(context.Background())
		if err != nil {
			var wce websocket.CloseError
			if errors.As(err, &wce) && t.violation() == nil {
				t.c.handlePeerClosing()
				return CloseError{Code: StatusCode(wce.Code), Reason: wce.Reason, WasClean: true}, nil, false
			}
			return t.readFailed(err)
		}
		data, err := t.readMessage(r)
		if err != nil {
			return t.readFailed(err)
		}
		if typ == websocket.MessageText && !utf8.Valid(data) {
			// The browser fails the connection here; do the same.
			return CloseError{Code: StatusAbnormalClosure}, wrapErr(ErrInvalidMessage, "received text that is not valid UTF-8"), false
		}
		if !t.c.accepting() {
			continue // as in the browser, messages after close() are dropped
		}
		t.c.recv.Push(t.c.closing, inbound{typ: MessageType(typ), data: data})
	}
}

// readFailed says how the connection ends after a read failed with err. A
// message over ReadLimit (or of too many empty frames) stops reading at once
// and fails the connection with a close frame of StatusReadLimit; a
// protocol violation fails it without one, as a browser does.
func (t *nativeTransport) readFailed(err error) (CloseError, error, bool) {
	if v := t.violation(); v != nil {
		err = v // the guard's own error, not coder/websocket's wrapping of it
	}
	if errors.Is(err, ErrMessageTooBig) {
		t.stopReading(err)
		t.c.fail(StatusReadLimit, err)
		return CloseError{Code: StatusAbnormalClosure}, nil, true
	}
	return CloseError{Code: StatusAbnormalClosure}, quietErr(err), false
}

// quietErr drops errors that only restate that the connection closed.
func quietErr(err error) error {
	if errors.Is(err, net.ErrClosed) || errors.Is(err, io.EOF) || errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// readMessage reads one whole message of at most ReadLimit bytes into a new
// slice, through a reused scratch buffer.
func (t *nativeTransport) readMessage(r io.Reader) ([]byte, error) {
	limit := t.c.opts.ReadLimit
	buf := t.scratch[:0]
	for {
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(max(2*int64(cap(buf)), 4096), limit+1))
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, wrapErr(ErrMessageTooBig, "message over ReadLimit of "+strconv.FormatInt(limit, 10)+" bytes")
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	data := make([]byte, len(buf))
	copy(data, buf)
	// Keep the buffer for the next message unless this one was large: reading
	// a message of exactly maxRetainedScratch bytes grows it to twice that,
	// and dropping it then would reallocate ~4 MiB per 1 MiB message.
	if len(buf) <= maxRetainedScratch {
		t.scratch = buf
	} else {
		t.scratch = nil
	}
	return data, nil
}

// writeLoop writes queued messages in order, then the close frame if one was
// requested. It stops at the first write error, leaving that message counted
// in bufferedAmount: it did not leave whole.
func (t *nativeTransport) writeLoop() {
	for {
		t.qmu.Lock()
		if len(t.queue) == 0 {
			req := t.closeReq
			t.qmu.Unlock()
			if req != nil {
				code := websocket.StatusCode(req.code)
				if req.code == 0 {
					code = websocket.StatusNoStatusRcvd // close frame with no code
				}
				t.closeSent.Store(true)
				_ = t.ws.Close(code, req.reason)
				return
			}
			select {
			case <-t.wake:
				continue
			case <-t.ctx.Done():
				return
			}
		}
		m := t.queue[0]
		t.queue[0] = outbound{}
		t.queue = t.queue[1:]
		t.qmu.Unlock()

		if err := t.write(m); err != nil { // see readLoop
			t.abort()
			return
		}
		t.buffered.Add(-int64(len(m.head) + len(m.data)))
		t.queued.Add(-1)
		t.drained.Notify()
	}
}

// write writes one queued message. A message of two parts (sendParts) goes
// as fragments of one message, so that neither part is copied into a
// joined buffer first: coder/websocket writes one frame per Write, then an
// empty final one at Close, all in one flush. RFC 6455 § 5.4 lets any
// message be fragmented; every server must reassemble it.
func (t *nativeTransport) write(m outbound) error {
	ctx := context.Background()
	if m.head == nil {
		return t.ws.Write(ctx, websocket.MessageType(m.typ), m.data)
	}
	w, err := t.ws.Writer(ctx, websocket.MessageType(m.typ))
	if err != nil {
		return err
	}
	if _, err := w.Write(m.head); err != nil {
		return err
	}
	if _, err := w.Write(m.data); err != nil {
		return err
	}
	return w.Close()
}

func (t *nativeTransport) signal() {
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

func (t *nativeTransport) send(typ MessageType, p []byte, owned bool) error {
	if !owned {
		p = append([]byte(nil), p...)
	}
	t.enqueue(outbound{typ: typ, data: p})
	return nil
}

// enqueue hands m to the writer goroutine.
func (t *nativeTransport) enqueue(m outbound) {
	t.qmu.Lock()
	t.queue = append(t.queue, m)
	t.qmu.Unlock()
	t.buffered.Add(int64(len(m.head) + len(m.data)))
	t.queued.Add(1)
	t.signal()
}

func (t *nativeTransport) bufferedAmount() int64 { return t.buffered.Load() }

func (t *nativeTransport) backlog() int64 {
	return max(t.buffered.Load(), MessageOverhead*t.queued.Load())
}

func (t *nativeTransport) backlogAbove(limit int64) bool { return t.backlog() > limit }

func (t *nativeTransport) drainSignal() (<-chan struct{}, func()) {
	return t.drained.Wait(), func() {}
}

func (t *nativeTransport) close(code StatusCode, reason string) {
	t.qmu.Lock()
	if t.closeReq == nil {
		t.closeReq = &outbound{closing: true, code: code, reason: reason}
	}
	t.qmu.Unlock()
	t.signal()
}

func (t *nativeTransport) abort() {
	t.cancel()
	t.closeRaw()
}

func (t *nativeTransport) ping(ctx context.Context) error {
	err := t.ws.Ping(ctx)
	if err != nil && ctx.Err() == nil && t.ctx.Err() != nil {
		return ErrClosed
	}
	return err
}
