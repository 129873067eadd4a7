package sdk

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wasmws/wasmws/internal/errtree"
	"github.com/wasmws/wasmws/internal/msgqueue"
)

// Conn is one WebSocket connection with the semantics of the browser's
// WebSocket, on every target. Create it with [New] or [Dial]. All methods are
// safe for concurrent use. The zero value is not usable.
type Conn struct {
	url  string
	opts Options
	t    transport

	// recv holds the received, unread messages, bounded by
	// Options.ReceiveBuffer, natively; in the browser they wait in the
	// transport's JavaScript shim, and recv holds only the close error (see
	// messageSource).
	recv msgqueue.Queue[inbound]

	throttled atomic.Bool // BufferedAmount passed HighWaterMark and has not yet fallen to LowWaterMark

	opened  chan struct{} // closed on Open
	closing chan struct{} // closed on leaving Connecting or Open
	done    chan struct{} // closed on Closed

	mu          sync.Mutex
	state       ReadyState
	protocol    string
	extensions  string
	closeStatus CloseError
	closeCause  error // why the SDK itself closed, if it did
	closeCalled bool  // Close was called
}

func newConn(opts Options) *Conn {
	return &Conn{
		opts:    opts,
		recv:    msgqueue.Queue[inbound]{Limit: opts.ReceiveBuffer, Cost: inboundCost},
		opened:  make(chan struct{}),
		closing: make(chan struct{}),
		done:    make(chan struct{}),
	}
}

// Opened returns a channel closed when the connection opens. It is never
// closed if the connection fails first; select on Done too.
func (c *Conn) Opened() <-chan struct{} { return c.opened }

// Done returns a channel closed when the connection is Closed.
func (c *Conn) Done() <-chan struct{} { return c.done }

// ReadyState returns the connection's state.
func (c *Conn) ReadyState() ReadyState {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state
}

// URL returns the connection's URL as the browser serializes it.
func (c *Conn) URL() string { return c.url }

// Protocol returns the subprotocol the server selected, or "" before Open or
// if none was offered.
func (c *Conn) Protocol() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.protocol
}

// Extensions returns the extensions the server selected (the
// Sec-WebSocket-Extensions response header), or "".
func (c *Conn) Extensions() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.extensions
}

// BufferedAmount returns the bytes of messages accepted by Send and not yet
// written to the socket. As in the browser, it does not fall after the
// connection closes: what is left then never left the client.
func (c *Conn) BufferedAmount() int64 { return c.t.bufferedAmount() }

// CloseStatus returns how the connection closed, and false while it is not
// yet Closed.
func (c *Conn) CloseStatus() (CloseError, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closeStatus, c.state == Closed
}

// CloseCalled reports whether Close was called on this connection: a close
// that the application asked for, as opposed to one the peer, the network or
// the SDK's own limits caused.
func (c *Conn) CloseCalled() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closeCalled
}

// SendText sends s as a Text message; see Send.
func (c *Conn) SendText(ctx context.Context, s string) error {
	return c.Send(ctx, Text, []byte(s))
}

// Send sends one message of type typ (Text or Binary; Text must be valid
// UTF-8, else ErrInvalidMessage). It returns ErrInvalidState while the
// connection is Connecting and ErrClosed once it is Closing or Closed.
//
// Backpressure: once BufferedAmount has risen above Options.HighWaterMark,
// every Send first waits until it has fallen to Options.LowWaterMark (the
// hysteresis keeps newer senders from overtaking older ones), the connection
// closes, or ctx ends. It then accepts the message, copying p, and returns. So
// an error always means the message was not accepted, and nil means it was: p
// may be reused at once. Several goroutines sending at once may each add one
// message past the high-water mark. Messages count at least MessageOverhead
// bytes toward the water marks, so a flood of empty messages waits too.
func (c *Conn) Send(ctx context.Context, typ MessageType, p []byte) error {
	if err := ValidateMessage(typ, p); err != nil {
		return err
	}
	return c.send(ctx, typ, p, false)
}

// send sends a checked message, p owned by the SDK (a Message's bytes) or
// the caller's, to be copied.
func (c *Conn) send(ctx context.Context, typ MessageType, p []byte, owned bool) error {
	return c.sendVia(ctx, func() error { return c.t.send(typ, p, owned) })
}

// sendVia waits as send does, then hands the message to the transport by
// calling handOver with c.mu held, while the Conn is Open.
func (c *Conn) sendVia(ctx context.Context, handOver func() error) error {
	if err := c.sendable(); err != nil {
		return err
	}
	if c.t.backlogAbove(c.opts.HighWaterMark) {
		c.throttled.Store(true)
	}
	if c.throttled.Load() {
		if err := c.waitBacklog(ctx, c.opts.LowWaterMark); err != nil {
			return err
		}
		c.throttled.Store(false)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.sendableLocked(); err != nil {
		return err
	}
	return handOver()
}

func (c *Conn) sendable() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sendableLocked()
}

func (c *Conn) sendableLocked() error {
	switch c.state {
	case Connecting:
		return ErrInvalidState
	case Open:
		return nil
	}
	return ErrClosed
}

// Flush waits until every accepted message has been written to the socket
// (BufferedAmount is zero). It returns ErrClosed if the connection closes
// first with messages unsent, or ctx's error.
func (c *Conn) Flush(ctx context.Context) error {
	return c.waitBacklog(ctx, 0)
}

// WaitBuffered waits until BufferedAmount is at most limit (natively,
// counting each queued message at least MessageOverhead bytes, as the water
// marks do), the connection closes with more than that unsent (ErrClosed),
// or ctx ends. Flush is WaitBuffered with 0. It is for code that applies
// water marks of its own, such as JavaScript's bufferedamountlow event.
//
// # WebAssembly
//
// The browser has no event for bufferedAmount falling: a waiting
// WaitBuffered reads it every [BufferedPollInterval].
func (c *Conn) WaitBuffered(ctx context.Context, limit int64) error {
	return c.waitBacklog(ctx, limit)
}

// waitBacklog waits until the transport's backlog is at most limit.
func (c *Conn) waitBacklog(ctx context.Context, limit int64) error {
	for {
		// Take the signal before looking, so a write in between is not missed.
		ch, release := c.t.drainSignal()
		if c.t.backlog() <= limit {
			release()
			return nil
		}
		select {
		case <-c.done:
			release()
			return ErrClosed
		default:
		}
		select {
		case <-ch:
			release()
		case <-c.done:
			release()
		case <-ctx.Done():
			release()
			return ctx.Err()
		}
	}
}

// Receive returns the next message, waiting for one until ctx ends. Messages
// come in the order they arrived; those received before the connection closed
// are still returned after it closed. Then Receive returns an error that
// matches ErrClosed and, through errors.As, the CloseError; when the SDK
// itself closed the connection it also matches the cause: ErrReceiveOverflow
// or ErrMessageTooBig (natively also ErrProtocol, or io.ErrUnexpectedEOF when
// TCP ended inside a message, which is then never returned in part: see "A
// peer that breaks the protocol" in the package doc).
//
// Messages wait for Receive in a buffer of Options.ReceiveBuffer bytes. When
// it is full, the native transport stops reading from the socket, so TCP
// pushes back on the server and nothing is lost.
//
// # WebAssembly
//
// The browser's WebSocket cannot stop reading, so in the browser a full
// receive buffer closes the connection with StatusReceiveOverflow (4008) and
// Receive reports ErrReceiveOverflow once the buffered messages are read.
// The buffer is in JavaScript: messages wait there, checked against
// ReadLimit and ReceiveBuffer as they arrive, and count against
// ReceiveBuffer until Receive returns them; Go code runs only when a
// Receive waits for a message.
// Messages that arrive together reach Go in batches: the bytes of those up to
// 2 KiB share one array of at most 16 KiB (each slice's capacity ends with
// the message, so appending to it never touches another), so a message kept
// for long keeps at most 16 KiB reachable; copy it, or use AppendReceive, to
// keep less. Larger messages are allocated one by one.
func (c *Conn) Receive(ctx context.Context) (MessageType, []byte, error) {
	m, err := c.pop(ctx)
	if err != nil || m.heldID == 0 {
		return m.typ, m.data, err
	}
	p, err := c.takeHeld(m, make([]byte, 0, m.heldLen))
	return m.typ, p, err
}

// Close starts the closing handshake with code and reason and waits until the
// connection is Closed, at most Options.CloseTimeout; after that it drops the
// connection. Messages accepted by Send before Close are sent first. Code must
// be StatusNormalClosure or in 3000-4999 (else ErrInvalidAccess), or 0 for a
// close frame with no code; reason at most 123 bytes of UTF-8 (else
// ErrSyntax). Closing a connection that is still Connecting fails it
// (CloseError 1006, not clean). A second Close returns ErrClosed.
func (c *Conn) Close(code StatusCode, reason string) error {
	if err := ValidateClose(code, reason); err != nil {
		return err
	}
	c.mu.Lock()
	state := c.state
	switch state {
	case Closing, Closed:
		c.mu.Unlock()
		return ErrClosed
	}
	c.closeCalled = true
	c.toClosingLocked()
	c.mu.Unlock()

	if state == Connecting {
		if a, ok := c.t.(connectingAborter); ok {
			a.abortConnecting(code, reason)
		} else {
			c.t.abort()
		}
		<-c.done
		return nil
	}
	if code == 0 && reason != "" {
		code = StatusNormalClosure
	}
	c.t.close(code, reason)
	timer := time.NewTimer(c.opts.CloseTimeout)
	defer timer.Stop()
	select {
	case <-c.done:
	case <-timer.C:
		c.t.abort()
		<-c.done
	}
	return nil
}

// CloseNow drops the connection without a closing handshake and returns once
// it is Closed (CloseError 1006, not clean): for a link known to be dead,
// where Close would wait Options.CloseTimeout for an answer that cannot come.
// Messages not yet written stay counted in BufferedAmount. Like Close, a
// second call returns ErrClosed.
//
// # WebAssembly
//
// The browser offers no way to drop a connection: CloseNow calls the
// WebSocket's close() and stops listening to it, so the browser may still
// write some buffered bytes during its own closing handshake, and
// BufferedAmount may yet fall.
func (c *Conn) CloseNow() error {
	c.mu.Lock()
	if c.state == Closed || (c.state == Closing && c.closeCalled) {
		c.mu.Unlock()
		return ErrClosed
	}
	c.closeCalled = true
	c.toClosingLocked()
	c.mu.Unlock()
	c.t.abort()
	<-c.done
	return nil
}

// toClosingLocked moves an Open or Connecting connection to Closing.
func (c *Conn) toClosingLocked() {
	if c.state < Closing {
		c.state = Closing
		close(c.closing)
	}
}

// handleOpen is called by the transport when the handshake succeeds. It
// reports false if the connection is no longer Connecting.
func (c *Conn) handleOpen(protocol, extensions string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state != Connecting {
		return false
	}
	c.state, c.protocol, c.extensions = Open, protocol, extensions
	close(c.opened)
	return true
}

// handlePeerClosing is called when the peer starts the closing handshake.
//
//lint:ignore U1000 used by the native transport (transport_notjs.go)
func (c *Conn) handlePeerClosing() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.toClosingLocked()
}

// handleClosed is called by the transport when the connection has ended.
// cause, when not nil, says why (a handshake error, say); a cause set by fail
// takes precedence. Later calls are ignored.
func (c *Conn) handleClosed(ce CloseError, cause error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state == Closed {
		return
	}
	c.toClosingLocked()
	c.state = Closed
	c.closeStatus = ce
	if c.closeCause == nil {
		c.closeCause = cause
	}
	c.recv.Close(&closedError{close: ce, cause: c.closeCause})
	close(c.done)
}

// fail closes the connection because of cause (ErrMessageTooBig or
// ErrReceiveOverflow) with a close frame of code, whose reason is the cause's
// text without the library's prefix (the reason is quoted inside the text
// of the CloseError, which has it). Receive reports cause after the
// buffered messages.
func (c *Conn) fail(code StatusCode, cause error) {
	c.mu.Lock()
	if c.state >= Closing {
		c.mu.Unlock()
		return
	}
	c.closeCause = cause
	c.toClosingLocked()
	c.mu.Unlock()
	reason := errtree.Nested(cause)
	if len(reason) > MaxCloseReason {
		reason = reason[:MaxCloseReason]
	}
	c.t.close(code, reason)
	go func() {
		timer := time.NewTimer(c.opts.CloseTimeout)
		defer timer.Stop()
		select {
		case <-c.done:
		case <-timer.C:
			c.t.abort()
		}
	}()
}

// accepting reports whether received messages are still delivered: only
// while Open, as in the browser (whose transport stops its shim instead).
//
//lint:ignore U1000 used by the native transport (transport_notjs.go)
func (c *Conn) accepting() bool {
	select {
	case <-c.closing:
		return false
	default:
		return true
	}
}

// BufferedPollInterval is how often, at least, a waiting Send or Flush
// re-reads BufferedAmount in the browser, which has no event for it falling
// (it also re-reads it when a message arrives). Only connections with a
// waiting sender poll.
//
// # WebAssembly
//
// Natively the writer wakes waiting senders after every write, and this value
// is unused.
const BufferedPollInterval = 4 * time.Millisecond

// Ping sends a protocol ping and waits for the pong, until ctx ends or the
// connection closes. Received messages keep flowing meanwhile.
//
// # WebAssembly
//
// Page code cannot send pings: in the browser Ping returns ErrUnsupported.
// Send an application message instead (reconnect's HeartbeatMessage does).
func (c *Conn) Ping(ctx context.Context) error {
	p, ok := c.t.(pinger)
	if !ok {
		return wrapErr(ErrUnsupported, "the browser's WebSocket cannot send pings")
	}
	if err := c.sendable(); err != nil {
		return err
	}
	return p.ping(ctx)
}
