package reconnect

import (
	"bytes"
	"context"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wasmws/wasmws/internal/errtree"
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

	heartbeat []byte  // the heartbeat message, or nil for protocol pings
	hbMessage message // the heartbeat message, ready to send
	out       *outbox
	in        *msgqueue.Queue[received]
	newNet    func() *connectivity
	rs        *resumeState // nil unless Options.Resume

	reconnect chan struct{} // capacity 1: Reconnect was called
	opened    chan struct{} // closed at the first open

	sent atomic.Int64 // Stats.Sent

	// Set by newClient and Start while no run goroutine runs, then read by
	// it; others read them under mu.
	events  *dispatcher
	net     *connectivity
	closing chan struct{} // closed by Close
	stopped chan struct{} // closed on Closed
	done    chan struct{} // closed after stopped, once OnStateChange returned from the last event

	mu          sync.Mutex
	running     bool       // a run goroutine runs: from New or Start until finish is done
	conn        connection // the open connection, or nil
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
		newNet:    d.net,
		reconnect: make(chan struct{}, 1),
		opened:    make(chan struct{}),
		closing:   make(chan struct{}),
		stopped:   make(chan struct{}),
		done:      make(chan struct{}),
	}
	if o.HeartbeatMessage != nil {
		c.heartbeat = o.HeartbeatMessage
		// Checked by withDefaults: valid for its type.
		m, _ := sdk.NewMessage(o.HeartbeatType, o.HeartbeatMessage)
		c.hbMessage = message{Message: m, heartbeat: true}
	}
	c.rs = newResumeState(&o)
	if o.StartClosed {
		// Closed, as after a Close before any attempt: Start connects it.
		c.state, c.err = Closed, closedError{}
		close(c.closing)
		close(c.stopped)
		close(c.done)
		c.in.Close(closedError{})
		c.out.close(o.QueueWhileClosed)
		return c, nil
	}
	c.state, c.running = Connecting, true
	c.events = newDispatcher(o.OnStateChange, nil)
	c.net = d.net()
	go c.run()
	return c, nil
}

// Start connects a Closed Client again: one created with
// Options.StartClosed, closed by Close, given up after MaxRetries, or ended
// by a close ShouldReconnect refused. It reports false, and does nothing, if
// the Client is not Closed (or is still finishing its last change to
// Closed): then it runs already, or Close is under way. A started Client is
// as after New: Connecting, its Err nil, its retries counted from zero, with
// a new Done channel; OnStateChange gets a change from Closed to Connecting
// first, after every change of the Client's previous run. Messages Close
// left in the outbox are dropped (they were reported as Unsent), unless
// Options.QueueWhileClosed keeps them; Stats keep counting.
func (c *Client) Start() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state != Closed || c.running {
		return false
	}
	previous := c.done
	c.closing, c.stopped, c.done = make(chan struct{}), make(chan struct{}), make(chan struct{})
	select {
	case <-c.reconnect: // a Reconnect while Closed is stale
	default:
	}
	c.state, c.running = Connecting, true
	c.closeCalled, c.closeCode, c.closeReason, c.err = false, 0, "", nil
	c.stats.Failures = 0
	if c.everOpen {
		c.downSince = time.Now() // the time Closed was not downtime
	}
	c.out.reopen(c.opts.QueueWhileClosed)
	c.in.Reopen()
	c.events = newDispatcher(c.opts.OnStateChange, previous)
	c.net = c.newNet()
	c.events.emit(StateChange{From: Closed, To: Connecting, Attempt: 1})
	go c.run()
	return true
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
	case <-c.stoppedChan():
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
//
// With Options.QueueWhileClosed, Send once Close was called or while the
// Client is Closed queues the message for the next [Client.Start] instead of
// failing, within the same bounds; as nothing makes room until Start, a
// message that does not fit then fails at once with ErrOutboxFull, and so do
// Sends that were waiting for room when Close was called.
func (c *Client) Send(ctx context.Context, typ sdk.MessageType, p []byte) error {
	m, err := c.message(typ, p)
	if err != nil {
		return err
	}
	return c.out.push(ctx, m)
}

// SendAsync queues one message as Send does, but never waits: it returns
// true once the message is queued. When the outbox is full (or other
// senders wait for room) it returns false and nil: the message then waits in
// line, in order with waiting Sends, and done is called once, from a
// goroutine of its own, with nil when the message is queued or with the
// error that refused it (one matching sdk.ErrClosed, or ErrOutboxFull with
// Options.QueueWhileClosed, once Close is called). Errors for a message that could never be queued, or for a Client
// that refuses messages, are returned at once, and done is not called. It
// suits callers that cannot block, such as JavaScript's sendAsync.
func (c *Client) SendAsync(typ sdk.MessageType, p []byte, done func(error)) (bool, error) {
	m, err := c.message(typ, p)
	if err != nil {
		return false, err
	}
	queued, w, err := c.out.reserve(m, true)
	if err != nil || queued {
		return queued, err
	}
	go func() { done(c.out.await(context.Background(), w)) }()
	return false, nil
}

// message validates a message for Send and copies it: the one copy the
// Client makes of a message it sends.
func (c *Client) message(typ sdk.MessageType, p []byte) (message, error) {
	if typ != sdk.Text && typ != sdk.Binary {
		return message{}, sdk.ValidateMessage(typ, p)
	}
	if int64(len(p)) > c.opts.MaxQueuedBytes {
		return message{}, errtree.Wrap(ErrMessageTooLarge, strconv.Itoa(len(p))+" bytes, MaxQueuedBytes is "+strconv.FormatInt(c.opts.MaxQueuedBytes, 10))
	}
	if c.isHeartbeat(typ, p) {
		return message{}, errtree.Wrap(sdk.ErrInvalidMessage, "the message is the HeartbeatMessage")
	}
	m, err := sdk.NewMessage(typ, p) // the UTF-8 check and the copy
	return message{Message: m}, err
}

// Room reports whether msgs more messages of size bytes in all would be
// queued by Send at once: the outbox has room for them and no sender waits.
// The answer may change as soon as it is given; it is for callers that hold
// messages back for a while and want to refuse them early, as JavaScript's
// send does with a Blob it must read first.
func (c *Client) Room(msgs int, size int64) bool { return c.out.room(msgs, size) }

// BufferedAmount returns the bytes queued in the outbox plus those the open
// connection accepted and has not yet written: what JavaScript's
// ReconnectingWebSocket reports as its bufferedAmount.
func (c *Client) BufferedAmount() int64 {
	c.mu.Lock()
	conn := c.conn
	c.mu.Unlock()
	_, n := c.out.len()
	if conn != nil {
		n += conn.BufferedAmount()
	}
	return n
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
	if err == nil && m.session != 0 {
		c.rs.consumed(len(m.data), m.session)
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
//
// Close returns once the Client is Closed, without waiting for
// Options.OnStateChange to be called with the last event (the one that
// carries Unsent), so that OnStateChange may call Close itself. To wait for
// that call too, wait for [Client.Done] after Close.
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
	closing, stopped := c.closing, c.stopped
	c.mu.Unlock()
	c.out.close(c.opts.QueueWhileClosed)
	close(closing)
	<-stopped
	return nil
}

// stoppedChan returns the channel closed when the current run is Closed.
func (c *Client) stoppedChan() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stopped
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

// Done returns a channel closed when the Client is Closed and
// Options.OnStateChange, if set, has returned from its last call (the change
// to Closed, which carries Unsent): after Done, the Client calls no code of
// the application again. Waiting for Done inside OnStateChange would wait
// for itself.
//
// # WebAssembly
//
// A program that returns from main while an OnStateChange call is still due
// would have the Go runtime exit under it; wait for Done first.
//
// Start replaces the channel: Done returns the one of the current run.
func (c *Client) Done() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.done
}

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
		s.Acked, s.Unacked, s.Retransmitted = c.rs.stats()
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
		countOpen(&c.stats, ev.Resume) // with Reconnects, in one snapshot
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
