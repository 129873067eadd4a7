package reconnect

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wasmws/wasmws/internal/msgqueue"
	"github.com/wasmws/wasmws/sdk"
)

// Client is a WebSocket client that reconnects: one logical connection over
// a series of [sdk.Conn]s. Messages sent go through a bounded outbox that
// survives reconnections; messages received from every connection come out
// of one Receive. Create it with [New] or [Dial]. All methods are safe for
// concurrent use. The zero value is not usable.
type Client struct {
	opts    Options // with defaults
	url     string  // fixed URL, or "" when opts.URL is set
	dial    dialFunc
	backoff backoff

	heartbeat []byte // the heartbeat message, or nil for protocol pings
	out       *outbox
	in        *msgqueue.Queue[received]
	events    *dispatcher
	net       *connectivity
	rs        *resumeState // nil unless Options.Resume

	closing   chan struct{} // closed by Close
	reconnect chan struct{} // capacity 1: Reconnect was called
	opened    chan struct{} // closed at the first open
	done      chan struct{} // closed on Closed

	sent atomic.Int64 // Stats.Sent

	mu          sync.Mutex
	state       State
	closeCalled bool
	closeCode   sdk.StatusCode
	closeReason string
	err         error
	stats       Stats
	everOpen    bool
	protocol    string    // of the last connection that opened
	mode        Mode      // of the last connection that opened
	openedAt    time.Time // of the connection open now
	downSince   time.Time
}

// New returns a Client that starts connecting at once, in the background; it
// never blocks. It fails only for input that could never work: options that
// are invalid (errors matching sdk.ErrInvalidOptions, or sdk.ErrUnsupported
// for Header in the browser), a subprotocol or a url that is not valid
// (sdk.ErrSyntax), or both a url and Options.URL (or neither). Everything that
// may work later (a server down, a handshake refused, a URL provider error)
// is retried instead, and reported through Options.OnStateChange.
//
// url follows the rules of [sdk.New]; in the browser a relative URL resolves
// against the page's base URL. When Options.URL is set, url must be "".
func New(url string, opts *Options) (*Client, error) {
	dial := dialSDK
	if opts != nil && opts.Dial != nil {
		dial = dialWith(opts.Dial)
	}
	return newClient(url, opts, deps{dial: dial, rand: rand.Float64, net: newConnectivity})
}

// deps are what a Client takes from its environment, injected by tests.
type deps struct {
	dial dialFunc
	rand func() float64       // uniform in [0, 1)
	net  func() *connectivity // the browser's network and page events
}

// newClient is New with its dependencies injected.
func newClient(url string, opts *Options, d deps) (*Client, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	switch {
	case o.URL != nil && url != "":
		return nil, invalidOptions("both a url and Options.URL are given")
	case o.URL == nil:
		if url, err = checkURL(url); err != nil {
			return nil, err
		}
	}
	c := &Client{
		opts: o,
		url:  url,
		dial: d.dial,
		backoff: backoff{
			min: o.MinDelay, max: o.MaxDelay, factor: o.Factor, jitter: o.Jitter, rand: d.rand,
		},
		out:       newOutbox(o.MaxQueuedMessages, o.MaxQueuedBytes),
		in:        newInbox(),
		events:    newDispatcher(o.OnStateChange),
		closing:   make(chan struct{}),
		reconnect: make(chan struct{}, 1),
		opened:    make(chan struct{}),
		done:      make(chan struct{}),
		state:     Connecting,
	}
	if o.HeartbeatMessage != nil {
		c.heartbeat = o.HeartbeatMessage
	}
	c.net = d.net()
	c.rs = newResumeState(&o)
	go c.run()
	return c, nil
}

// Dial is New followed by a wait for the first open. If the Client closes
// first (MaxRetries, or a close ShouldReconnect refuses), Dial returns that
// error; if ctx ends first, Dial closes the Client and returns ctx's error.
// Failed attempts before the first open are retried as usual: bound the
// wait with ctx or MaxRetries.
func Dial(ctx context.Context, url string, opts *Options) (*Client, error) {
	c, err := New(url, opts)
	if err != nil {
		return nil, err
	}
	select {
	case <-c.opened:
		return c, nil
	case <-c.done:
		select {
		case <-c.opened:
			return c, nil
		default:
			return nil, c.Err()
		}
	case <-ctx.Done():
		_ = c.Close(sdk.StatusNormalClosure, "")
		return nil, ctx.Err()
	}
}

// Send queues one message of type typ (Text or Binary; Text must be valid
// UTF-8, else an error matching sdk.ErrInvalidMessage) in the outbox, copying
// p, and returns. The Client hands queued messages to the open connection in
// order, one at a time, through its Send, so the connection's water marks
// apply; while no connection is open they wait.
//
// When the outbox is full (Options.MaxQueuedMessages or MaxQueuedBytes) Send
// waits for room, in turn with other waiting senders, until ctx ends. An
// error always means the message was not queued: ctx's error, ErrMessageTooLarge
// for a message larger than MaxQueuedBytes, or, once Close was called or the
// Client is Closed, an error matching sdk.ErrClosed. Nil means it was queued:
// it will be sent, or else reported as maybe lost or, if the Client closes
// first, unsent (see the package documentation). With a ctx that is already
// done, Send queues the message if there is room and fails at once
// otherwise: a send that never waits.
//
// A message equal to a HeartbeatMessage in use is refused
// (sdk.ErrInvalidMessage): its echo could not be told from the heartbeat's.
func (c *Client) Send(ctx context.Context, typ sdk.MessageType, p []byte) error {
	if err := sdk.ValidateMessage(typ, p); err != nil {
		return err
	}
	if int64(len(p)) > c.opts.MaxQueuedBytes {
		return fmt.Errorf("%w: %d bytes, MaxQueuedBytes is %d", ErrMessageTooLarge, len(p), c.opts.MaxQueuedBytes)
	}
	if c.isHeartbeat(typ, p) {
		return fmt.Errorf("%w: the message is the HeartbeatMessage", sdk.ErrInvalidMessage)
	}
	return c.out.push(ctx, message{typ: typ, data: append([]byte{}, p...)})
}

// SendText queues s as a Text message; see Send.
func (c *Client) SendText(ctx context.Context, s string) error {
	return c.Send(ctx, sdk.Text, []byte(s))
}

// isHeartbeat reports whether a message is the heartbeat message.
func (c *Client) isHeartbeat(typ sdk.MessageType, p []byte) bool {
	return c.heartbeat != nil && c.opts.HeartbeatInterval > 0 &&
		typ == c.opts.HeartbeatType && bytes.Equal(p, c.heartbeat)
}

// Receive returns the next message received on any of the Client's
// connections, in arrival order, waiting until ctx ends. Messages a
// connection received before it closed are returned before those of the next
// one. Heartbeat echoes are never returned. Receive returns an error other
// than ctx's only once the Client is Closed and every message has been read:
// the Client's error (see [Client.Err]), which matches sdk.ErrClosed.
//
// The Client holds a few hundred KiB of received messages; beyond that, each
// connection's own buffer (sdk.Options.ReceiveBuffer) applies, with its
// per-target behaviour (see [sdk.Conn.Receive]).
func (c *Client) Receive(ctx context.Context) (sdk.MessageType, []byte, error) {
	m, err := c.in.Pop(ctx)
	if err == nil && m.credit {
		c.rs.consumed(len(m.data))
	}
	return m.typ, m.data, err
}

// Close stops the Client for good, with a closing handshake of code and
// reason on the open connection if there is one, and waits until it is
// Closed. Messages queued before Close are first handed to the open
// connection, for at most sdk.Options.CloseTimeout; the handshake takes at
// most CloseTimeout more. Without an open connection nothing more is sent.
// Messages left in the outbox are reported as Unsent in the last StateChange.
// Code and reason follow [sdk.Conn.Close]. Close after Close, or once the
// Client is Closed, returns an error matching sdk.ErrClosed.
func (c *Client) Close(code sdk.StatusCode, reason string) error {
	if err := sdk.ValidateClose(code, reason); err != nil {
		return err
	}
	c.mu.Lock()
	if c.closeCalled || c.state == Closed {
		c.mu.Unlock()
		return closedError{}
	}
	c.closeCalled, c.closeCode, c.closeReason = true, code, reason
	c.mu.Unlock()
	c.out.close()
	close(c.closing)
	<-c.done
	return nil
}

// Reconnect drops the open connection now, with a closing handshake, and
// connects again at once, without counting a failure. While Waiting it ends
// the wait; while Connecting, Closing or Closed it does nothing.
func (c *Client) Reconnect() {
	select {
	case c.reconnect <- struct{}{}:
	default:
	}
}

// State returns the Client's state.
func (c *Client) State() State {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state
}

// Done returns a channel closed when the Client is Closed.
func (c *Client) Done() <-chan struct{} { return c.done }

// Err returns nil until the Client is Closed, then why: after Close, an
// error matching sdk.ErrClosed; after giving up, one matching ErrMaxRetries
// and sdk.ErrClosed; after a close ShouldReconnect refused, the connection's
// close error (an [sdk.CloseError] through errors.As, matching sdk.ErrClosed).
func (c *Client) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Stats returns the Client's counters.
func (c *Client) Stats() Stats {
	c.mu.Lock()
	s := c.stats
	if c.everOpen && c.state != Open && c.state != Closed {
		s.Downtime += time.Since(c.downSince)
	}
	if c.state == Open && time.Since(c.openedAt) >= c.opts.MinUptime {
		s.Failures = 0 // a success already, counted when it closes
	}
	c.mu.Unlock()
	s.Sent = c.sent.Load()
	if c.rs != nil {
		s.Acked, s.Unacked = c.rs.stats()
	}
	s.QueuedMessages, s.QueuedBytes = c.out.len()
	return s
}

// count updates the counters under the lock.
func (c *Client) count(f func(s *Stats)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f(&c.stats)
}

// transition moves the Client to state to and reports it. Only the run
// goroutine calls it, so events are emitted in order.
func (c *Client) transition(to State, ev StateChange) {
	now := time.Now()
	c.mu.Lock()
	from := c.state
	switch {
	case from == Open && to != Open:
		c.downSince = now
	case to == Open && c.everOpen:
		c.stats.Downtime += now.Sub(c.downSince)
		c.stats.Reconnects++
	case to == Open:
		c.everOpen = true
		close(c.opened)
	case to == Closed && c.everOpen:
		c.stats.Downtime += now.Sub(c.downSince)
	}
	if to == Open {
		c.openedAt = now
	}
	c.state = to
	c.mu.Unlock()
	ev.From, ev.To = from, to
	c.events.emit(ev)
}

// closeArgs returns the code and reason given to Close.
func (c *Client) closeArgs() (sdk.StatusCode, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closeCode, c.closeReason
}

// Protocol returns the subprotocol the server selected on the most recent
// connection that opened, or "" before the first open or if none was offered.
// Each reconnection negotiates again, so it can change.
func (c *Client) Protocol() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.protocol
}
