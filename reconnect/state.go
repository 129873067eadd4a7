package reconnect

import (
	"strconv"
	"time"
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
	// outbox and will never be sent.
	Unsent int
}
