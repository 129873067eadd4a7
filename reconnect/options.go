package reconnect

import (
	"context"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/wasmws/wasmws/internal/errtree"
	"github.com/wasmws/wasmws/sdk"
)

// Default values of [Options] fields left zero.
const (
	DefaultMinDelay          = 500 * time.Millisecond
	DefaultMaxDelay          = 30 * time.Second
	DefaultFactor            = 2.0
	DefaultJitter            = 1.0
	DefaultMinUptime         = 5 * time.Second
	DefaultConnectTimeout    = 10 * time.Second
	DefaultMaxQueuedMessages = 1024
	DefaultMaxQueuedBytes    = 8 << 20 // 8 MiB
)

// DefaultHeartbeatMessage is the heartbeat sent in the browser when heartbeats
// are on and [Options.HeartbeatMessage] is nil: a Text message, since page code
// cannot send protocol pings. Natively a nil HeartbeatMessage means a protocol
// ping instead.
const DefaultHeartbeatMessage = "__wasmws_ping__"

// NoJitter, as [Options.Jitter], turns jitter off: every delay is exactly the
// exponential ceiling. (A zero Jitter means the default, full jitter.)
const NoJitter = -1.0

// Options configures a [Client]. A nil *Options, and every zero field, means
// the default. New and Dial copy the options; the caller's struct is never
// changed and may be reused.
type Options struct {
	// Options configures each connection (subprotocols, headers, limits,
	// water marks, CloseTimeout); see [sdk.Options]. Its HighWaterMark also
	// throttles the outbox: the Client hands queued messages to the live
	// connection through its Send, so a slow link fills the outbox and then
	// makes [Client.Send] wait. Its CloseTimeout bounds each step of
	// [Client.Close] and of dropping a link the Client gave up on.
	sdk.Options

	// URL, when not nil, is asked for the URL before every attempt, with a
	// ctx that ends at ConnectTimeout or Close; the url argument of New must
	// then be empty. An error or a panic counts as a failed attempt and is
	// reported as its cause (see [StateChange]); it never stops the Client
	// by itself. It must return when ctx ends: Close waits for it.
	URL func(ctx context.Context) (string, error)

	// Dial, when not nil, opens each connection in place of [sdk.Dial], with
	// the same contract: return an open connection, or an error, by the time
	// ctx ends (ctx carries ConnectTimeout). It is for connections that need
	// setup that sdk.Options does not offer.
	Dial func(ctx context.Context, url string, opts *sdk.Options) (*sdk.Conn, error)

	// Resume offers the subprotocol wasmws.resume.v1 (resume/PROTOCOL.md)
	// before sdk.Options.Protocols on every attempt. A connection whose
	// server selects it runs in resume mode (see the package documentation):
	// nothing lost or duplicated across reconnections, flow control by
	// credit both ways; the application protocol is then negotiated inside
	// the protocol. Any other connection runs in plain mode, with safe
	// replay. [StateChange.Mode] tells which. Each connection's water
	// marks are then [ResumeWaterMarkAllowance] higher than
	// sdk.Options.HighWaterMark and LowWaterMark, for the protocol's bytes.
	Resume bool

	// ResumeWindow is, in resume mode, the bytes of received messages the
	// server may send beyond what Receive has returned, and the bound of
	// the Client's replay buffer. Defaults to DefaultResumeWindow (4 MiB).
	ResumeWindow int64

	// MinDelay is the shortest wait before a new attempt (see the package
	// documentation for the formula). Defaults to 500ms, or to MaxDelay if
	// that is set and shorter.
	MinDelay time.Duration

	// MaxDelay is the longest wait before a new attempt. Defaults to 30s, or
	// to MinDelay if that is set and longer.
	MaxDelay time.Duration

	// Factor is the growth of the delay from one failed attempt to the next;
	// at least 1. Defaults to 2.
	Factor float64

	// Jitter is the share, from 0 to 1, of each delay that is random, so that
	// many clients dropped at once do not come back at once. Defaults to 1
	// (full jitter); use [NoJitter] for none.
	Jitter float64

	// MinUptime is how long a connection must stay open to count as a
	// success: it resets the count of consecutive failed attempts (and so the
	// backoff). A connection that closes sooner counts as a failed attempt.
	// Defaults to 5s.
	MinUptime time.Duration

	// ConnectTimeout bounds each attempt, URL provider and opening
	// handshake included. Defaults to 10s.
	ConnectTimeout time.Duration

	// MaxRetries, when positive, is the number of consecutive failed
	// attempts after which the Client gives up: it becomes Closed with an
	// error matching [ErrMaxRetries]. Zero means it never gives up.
	MaxRetries int

	// MaxQueuedMessages bounds the messages waiting in the outbox (queued by
	// Send, not yet handed to a connection). Defaults to 1024.
	MaxQueuedMessages int

	// MaxQueuedBytes bounds the payload bytes waiting in the outbox. A
	// message larger than this alone is refused by Send with
	// [ErrMessageTooLarge]. Defaults to 8 MiB.
	MaxQueuedBytes int64

	// HeartbeatInterval, when positive, is how often the Client checks an
	// open link: natively with a protocol ping (or HeartbeatMessage if set),
	// in the browser with HeartbeatMessage. Zero: no heartbeat.
	HeartbeatInterval time.Duration

	// HeartbeatTimeout is how long an open link may go without inbound
	// traffic (any message, a pong, a heartbeat echo) before the Client
	// declares it dead, drops it and reconnects. Time the Client spends
	// waiting for the application to call Receive does not count. Defaults to
	// 2×HeartbeatInterval when heartbeats are on, else 0: no timeout. It may
	// be set without HeartbeatInterval, for servers that send traffic of
	// their own; with it, it must be longer than HeartbeatInterval.
	HeartbeatTimeout time.Duration

	// HeartbeatMessage, when not nil, is sent as the heartbeat, with type
	// HeartbeatType, on both targets. The peer is expected to echo it: a
	// received message equal to it (same type, same bytes) is taken as the
	// echo and never returned by Receive, and Send refuses to send it. When
	// nil, natively the heartbeat is a protocol ping; in the browser, which
	// cannot send pings, it is [DefaultHeartbeatMessage].
	HeartbeatMessage []byte

	// HeartbeatType is the type of HeartbeatMessage. Defaults to sdk.Text.
	HeartbeatType sdk.MessageType

	// ShouldReconnect decides, when an open connection closes for a reason
	// other than the Client's own Close, Reconnect or heartbeat, whether to
	// reconnect. It gets the close code and reason ([sdk.StatusReadLimit] or
	// [sdk.StatusReceiveOverflow] when the SDK closed because of its own
	// limits). It is not asked about failed attempts, which are always
	// retried up to MaxRetries. Defaults to [DefaultShouldReconnect].
	ShouldReconnect func(sdk.CloseError) bool

	// StartClosed makes New return a Client that is Closed and has not
	// connected, for [Client.Start] to connect later. Its Err matches
	// sdk.ErrClosed until then.
	StartClosed bool

	// QueueWhileClosed makes Send queue messages while the Client is Closed
	// (before Start with StartClosed, after Close, after giving up) for the
	// next Start, instead of failing with sdk.ErrClosed; the outbox bounds
	// apply as always, and a message that does not fit fails at once with
	// [ErrOutboxFull]. Messages a Close leaves in the outbox stay there for
	// the next Start too (the last StateChange still counts them as Unsent).
	// It suits a Client that the application closes and starts again, as
	// JavaScript's ReconnectingWebSocket does with close() and reconnect().
	QueueWhileClosed bool

	// OnStateChange, when not nil, is called with every state change after
	// New, in order, from one goroutine of the Client's own, never while the
	// Client holds a lock: it may call any method of the Client. A slow
	// callback delays later calls but not the Client.
	OnStateChange func(StateChange)
}

// Validate reports whether [New] would accept these options: nil, or the
// error New would return for them, matching sdk.ErrInvalidOptions,
// sdk.ErrSyntax (an invalid subprotocol) or sdk.ErrUnsupported (Header in the
// browser). It has no side effects: it creates nothing and changes nothing. A
// nil *Options is valid. The url argument of New is checked by New alone.
func (o *Options) Validate() error {
	_, err := o.withDefaults()
	return err
}

// withDefaults returns a copy of o (which may be nil) with defaults filled in,
// or an error matching sdk.ErrInvalidOptions or sdk.ErrSyntax.
func (o *Options) withDefaults() (Options, error) {
	var c Options
	if o != nil {
		c = *o
		c.Protocols = append([]string(nil), o.Protocols...)
		if o.Header != nil {
			c.Header = make(map[string][]string, len(o.Header))
			for k, v := range o.Header {
				c.Header[k] = append([]string(nil), v...)
			}
		}
		if o.HeartbeatMessage != nil {
			c.HeartbeatMessage = append([]byte{}, o.HeartbeatMessage...)
		}
	}
	if err := checkConnOptions(&c.Options); err != nil {
		return c, err
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{
		{"MinDelay", c.MinDelay}, {"MaxDelay", c.MaxDelay}, {"MinUptime", c.MinUptime},
		{"ConnectTimeout", c.ConnectTimeout}, {"HeartbeatInterval", c.HeartbeatInterval},
		{"HeartbeatTimeout", c.HeartbeatTimeout},
	} {
		if d.v < 0 {
			return c, invalidOptions("negative " + d.name)
		}
	}
	switch {
	case c.MaxRetries < 0:
		return c, invalidOptions("negative MaxRetries")
	case c.MaxQueuedMessages < 0:
		return c, invalidOptions("negative MaxQueuedMessages")
	case c.MaxQueuedBytes < 0:
		return c, invalidOptions("negative MaxQueuedBytes")
	case math.IsNaN(c.Factor) || math.IsInf(c.Factor, 0) || (c.Factor != 0 && c.Factor < 1):
		return c, invalidOptions("Factor " + strconv.FormatFloat(c.Factor, 'g', -1, 64) + ": want at least 1")
	case math.IsNaN(c.Jitter) || c.Jitter > 1:
		return c, invalidOptions("Jitter " + strconv.FormatFloat(c.Jitter, 'g', -1, 64) + ": want 0 to 1, or NoJitter")
	}
	switch {
	case c.MinDelay == 0 && c.MaxDelay == 0:
		c.MinDelay, c.MaxDelay = DefaultMinDelay, DefaultMaxDelay
	case c.MinDelay == 0:
		c.MinDelay = min(DefaultMinDelay, c.MaxDelay)
	case c.MaxDelay == 0:
		c.MaxDelay = max(DefaultMaxDelay, c.MinDelay)
	case c.MinDelay > c.MaxDelay:
		return c, invalidOptions("MinDelay " + c.MinDelay.String() + " above MaxDelay " + c.MaxDelay.String())
	}
	if c.Factor == 0 {
		c.Factor = DefaultFactor
	}
	switch {
	case c.Jitter == 0:
		c.Jitter = DefaultJitter
	case c.Jitter < 0:
		c.Jitter = 0
	}
	if c.MinUptime == 0 {
		c.MinUptime = DefaultMinUptime
	}
	if c.ConnectTimeout == 0 {
		c.ConnectTimeout = DefaultConnectTimeout
	}
	if c.MaxQueuedMessages == 0 {
		c.MaxQueuedMessages = DefaultMaxQueuedMessages
	}
	if c.MaxQueuedBytes == 0 {
		c.MaxQueuedBytes = DefaultMaxQueuedBytes
	}
	if c.HeartbeatInterval > 0 {
		if c.HeartbeatTimeout == 0 {
			c.HeartbeatTimeout = 2 * c.HeartbeatInterval
		}
		if c.HeartbeatTimeout <= c.HeartbeatInterval {
			return c, invalidOptions("HeartbeatTimeout " + c.HeartbeatTimeout.String() + " not above HeartbeatInterval " + c.HeartbeatInterval.String())
		}
		if c.HeartbeatMessage == nil && !canPing {
			c.HeartbeatMessage = []byte(DefaultHeartbeatMessage)
		}
	}
	if c.HeartbeatType == 0 {
		c.HeartbeatType = sdk.Text
	}
	switch c.HeartbeatType {
	case sdk.Text:
		if !utf8.Valid(c.HeartbeatMessage) {
			return c, invalidOptions("HeartbeatMessage is not valid UTF-8 for a Text HeartbeatType")
		}
	case sdk.Binary:
	default:
		return c, invalidOptions("HeartbeatType " + c.HeartbeatType.String())
	}
	if c.ShouldReconnect == nil {
		c.ShouldReconnect = DefaultShouldReconnect
	}
	return c, nil
}

// checkConnOptions checks what sdk.New would refuse, so that New can report
// it at once instead of as a failed attempt after every delay.
func checkConnOptions(o *sdk.Options) error {
	if err := o.Validate(); err != nil {
		return err
	}
	if o.CloseTimeout == 0 {
		o.CloseTimeout = sdk.DefaultCloseTimeout
	}
	if len(o.Header) > 0 && !acceptsHeaders {
		return errtree.Wrap(sdk.ErrUnsupported, "the browser does not let pages set handshake headers")
	}
	return nil
}

// invalidOptions returns an error matching sdk.ErrInvalidOptions that says
// msg.
func invalidOptions(msg string) error { return errtree.Wrap(sdk.ErrInvalidOptions, msg) }
