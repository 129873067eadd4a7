package reconnect

import (
	"strconv"
	"strings"
	"time"

	"github.com/wasmws/wasmws/sdk"
)

// State is the state of a [Client]. The zero value is invalid.
type State int

// The states of a Client. It starts Connecting; from there it moves between
// Connecting, Open and Waiting until it is Closing or Closed.
const (
	// Connecting: an attempt is under way (URL provider, opening handshake).
	Connecting State = iota + 1
	// Open: a connection is open; the outbox flows into it.
	Open
	// Waiting: between attempts, for the backoff delay (or, in the browser,
	// for the network to come back).
	Waiting
	// Closing: Close was called; the outbox is flushed into an open
	// connection and its closing handshake runs.
	Closing
	// Closed: for good. Receive returns what was received, then an error.
	Closed
)

// String returns the state's name.
func (s State) String() string {
	switch s {
	case Connecting:
		return "Connecting"
	case Open:
		return "Open"
	case Waiting:
		return "Waiting"
	case Closing:
		return "Closing"
	case Closed:
		return "Closed"
	}
	return "State(" + strconv.Itoa(int(s)) + ")"
}

// ReadyState returns the WebSocket readyState that stands for s: Connecting
// and Waiting are sdk.Connecting (a ReconnectingWebSocket between attempts
// is CONNECTING), the others their namesakes. State itself numbers from 1,
// so that its zero value is invalid, where sdk.ReadyState keeps the
// browser's numbers, from 0; this is the one mapping between them.
func (s State) ReadyState() sdk.ReadyState {
	switch s {
	case Open:
		return sdk.Open
	case Closing:
		return sdk.Closing
	case Closed:
		return sdk.Closed
	}
	return sdk.Connecting
}

// StateChange describes one transition of a Client, as given to
// Options.OnStateChange. The zero value is not a valid transition.
type StateChange struct {
	// From and To are the states before and after.
	From, To State

	// Attempt numbers attempts since the last success (a connection open for
	// MinUptime) or New, from 1. When To is Connecting or Open it is that
	// attempt; when To is Waiting, the attempt the wait leads to; otherwise
	// the last attempt.
	Attempt int

	// Delay is, when To is Waiting, how long the Client waits before the next
	// attempt.
	Delay time.Duration

	// URL is the URL of the attempt or connection the change is about: the
	// one that failed (To is Waiting or Closed after a failed attempt), that
	// opened (To is Open), or that just ended. In the browser a relative URL
	// is given as passed; the WebSocket resolved it against the page's base
	// URL. Empty when the URL provider failed, and for changes no attempt
	// made (Waiting to Connecting, Close before any attempt).
	URL string

	// Cause says why, when there is a reason: the error of a failed attempt
	// (the URL provider's, a timeout, the handshake's), or how the
	// connection closed (read it with errors.As into an [sdk.CloseError];
	// it may also match ErrHeartbeatTimeout, sdk.ErrReceiveOverflow...), or
	// the error that ended the Client (ErrMaxRetries...). Nil for the
	// transitions the Client makes on its own (Waiting to Connecting, a
	// successful open) and for Reconnect and Close.
	Cause error

	// Replayed is, when From is Open or Closing and a connection just ended,
	// how many of the messages handed to it provably never left and were put
	// back at the head of the outbox.
	Replayed int

	// MaybeLost is, when a connection just ended, how many messages left the
	// client on it after its last confirmation point and may not have been
	// processed by the peer. See the package documentation.
	MaybeLost int

	// Mode is, when To is Open, the mode of the connection that opened.
	Mode Mode

	// Resume is, when To is Open in ModeResume, what the opening exchange
	// found: resumed, a new session, or not resumed with its counts.
	Resume ResumeResult

	// Unsent is, when To is Closed, how many messages were left in the
	// outbox: they will never be sent, unless Options.QueueWhileClosed
	// keeps them for the next Start.
	Unsent int
}

// String describes the change on one line, the fields that are not zero
// after the states: "Open -> Waiting attempt=2 delay=500ms
// url=ws://h/echo cause=... maybeLost=1".
func (ev StateChange) String() string {
	var b strings.Builder
	b.WriteString(ev.From.String())
	b.WriteString(" -> ")
	b.WriteString(ev.To.String())
	field := func(name, value string) {
		b.WriteString(" " + name + "=" + value)
	}
	if ev.Attempt != 0 {
		field("attempt", strconv.Itoa(ev.Attempt))
	}
	if ev.Delay != 0 {
		field("delay", ev.Delay.String())
	}
	if ev.URL != "" {
		field("url", ev.URL)
	}
	if ev.Cause != nil {
		field("cause", strconv.Quote(ev.Cause.Error()))
	}
	for _, n := range []struct {
		name string
		v    int
	}{{"replayed", ev.Replayed}, {"maybeLost", ev.MaybeLost}, {"unsent", ev.Unsent}} {
		if n.v != 0 {
			field(n.name, strconv.Itoa(n.v))
		}
	}
	return b.String()
}
