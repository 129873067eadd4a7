package reconnect

import "time"

// Stats are counters of a Client since New, as returned by [Client.Stats]:
// a snapshot, a plain value. The zero value is a Client that did nothing yet.
type Stats struct {
	// Attempts is the number of connection attempts made, whether or not
	// they opened.
	Attempts int
	// Reconnects is the number of connections opened after the first.
	Reconnects int
	// Failures is the number of consecutive failed attempts now: it resets
	// when a connection stays open for MinUptime (the JS retryCount).
	Failures int

	// QueuedMessages and QueuedBytes are what waits in the outbox now.
	QueuedMessages int
	QueuedBytes    int64

	// Sent is the number of messages handed to a connection (accepted by its
	// Send); a replayed message counts each time it is handed.
	Sent int64
	// Replayed is the number of messages put back at the head of the outbox
	// because they provably never left the client.
	Replayed int64
	// MaybeLost is the number of messages that left the client on a
	// connection that then failed, after its last confirmation point: the
	// peer may or may not have processed them. They are never resent.
	MaybeLost int64

	// Resumed and NotResumed count, in resume mode, the connections that
	// opened resuming the session and those that opened finding it gone
	// (the not-resumed event; see [ResumeResult]): one per open event
	// (after the first, Resumed + NotResumed + plain-mode opens equal
	// Reconnects). A resume exchange whose connection is cut before it
	// opens counts nothing.
	Resumed, NotResumed int
	// Retransmitted is, in resume mode, the number of messages sent again
	// after a resume because the server had not acknowledged them: each
	// time one was written again, counted once per time.
	Retransmitted int64
	// Acked is, in resume mode, the number of messages the server
	// acknowledged; Unacked those sent and not yet acknowledged now.
	Acked, Unacked int64
	// Missed is, in resume mode, the number of the server's messages that
	// will never arrive because a session was not resumed (as far as the
	// server still knew; see ResumeResult.Missed).
	Missed int64

	// Downtime is the total time the Client was not Open, counted from its
	// first open until now (or until it was Closed).
	Downtime time.Duration
}
