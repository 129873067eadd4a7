package reconnect

import "strconv"

// Mode is how a connection carries the Client's messages. The zero value
// is invalid.
type Mode int

// The modes of a connection.
const (
	// ModePlain: plain WebSocket messages, with safe replay (see the
	// package documentation).
	ModePlain Mode = iota + 1
	// ModeResume: the server selected wasmws.resume.v1 (Options.Resume):
	// every message is delivered exactly once, in order, across
	// reconnections, with credit-based flow control both ways.
	ModeResume
)

// String returns the mode's name.
func (m Mode) String() string {
	switch m {
	case ModePlain:
		return "plain"
	case ModeResume:
		return "resume"
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

// ResumeResult is what the opening exchange of a resume-mode connection
// found, in [StateChange.Resume] when To is Open. The zero value is a
// connection not in resume mode.
type ResumeResult struct {
	// Resumed: the session of the previous connection carries on. False on
	// the first connection (NewSession) and when the server no longer had
	// the session (NotResumed).
	Resumed bool
	// NewSession: the first connection of the Client, or the first after
	// the session ended: there was nothing to resume.
	NewSession bool
	// NotResumed: the Client had a session and the server did not resume
	// it (expired, unknown, or the token refused: a WELCOME with status 2
	// or 3, or a close with 4401 on an earlier attempt, which matches
	// ErrResumeRefused): the not-resumed event. Missed, Resent and
	// MaybeLost say what that cost. A not-resumed exchange whose connection
	// was cut before it opened is reported by the next open event, with the
	// counts of both added up.
	NotResumed bool
	// Epoch is the session's connection count, from 1.
	Epoch uint64
	// Retransmitted is, when Resumed, how many unacknowledged messages,
	// written on an earlier connection, the Client sends again on this one
	// (the server drops those it had); it sends them at a pace that starts
	// at 64 KiB in flight and doubles with each acknowledgement.
	Retransmitted int
	// Missed is, when NotResumed, how many of the server's messages of the
	// old session will never arrive, or −1 if the server no longer knows.
	Missed int
	// Resent is, when NotResumed, how many unacknowledged messages the old
	// session provably never took (the server says so, or the Client never
	// wrote them); they go first on the new session.
	Resent int
	// MaybeLost is, when NotResumed and the server no longer knows what the
	// old session took (Missed is then −1 too), how many unacknowledged
	// messages the Client wrote: they may or may not have been processed.
	// They are not sent again.
	MaybeLost int
}

// Mode returns the mode of the most recent connection that opened, or 0
// before the first open. Each reconnection negotiates again, so it can
// change.
func (c *Client) Mode() Mode {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.mode
}
