package resumeproto

// Receiver is the receiving half of one direction: it takes DATA in order,
// drops retransmitted duplicates, checks credit, and decides what to
// acknowledge and grant (PROTOCOL.md § 3). The zero value is not usable: see
// [NewReceiver].
type Receiver struct {
	window       int64
	ackOnConsume bool

	taken    uint64 // last seq taken
	offset   uint64 // offset after the last message taken
	consumed uint64 // offset up to which the application took messages
	done     uint64 // last seq the application took

	sentAck, sentLimit uint64 // what the peer was last told
	sentOffset         uint64 // offset when the peer was last told
}

// NewReceiver returns a Receiver of a new session granting window bytes
// beyond what the application consumed. With ackOnConsume it acknowledges a
// message when the application takes it ([Receiver.Consume]); otherwise
// when it is taken off the connection ([Receiver.Take]).
func NewReceiver(window int64, ackOnConsume bool) *Receiver {
	return &Receiver{window: window, ackOnConsume: ackOnConsume}
}

// Take checks a DATA frame's seq and credit. It reports whether the message
// is new (deliver it) or a retransmission of one already taken (drop it).
// A gap, or data beyond the limit granted, is a violation.
func (r *Receiver) Take(f *Frame) (bool, error) {
	switch {
	case f.Seq <= r.taken:
		return false, nil
	case f.Seq != r.taken+1:
		return false, errGap
	case r.offset >= r.sentLimit:
		return false, errCredit
	}
	r.taken = f.Seq
	r.offset += uint64(len(f.Payload))
	return true, nil
}

// Consume records that the application took the message seq of n payload
// bytes, which frees credit.
func (r *Receiver) Consume(seq uint64, n int) {
	r.consumed += uint64(n)
	r.done = max(r.done, seq)
}

// Ack returns the cumulative ack to send now.
func (r *Receiver) Ack() uint64 {
	if r.ackOnConsume {
		return r.done
	}
	return r.taken
}

// Limit returns the credit limit to send now: consumed + window.
func (r *Receiver) Limit() uint64 { return max(r.consumed+uint64(r.window), r.sentLimit) }

// Told returns the ack and limit to put in an outgoing frame and records that
// the peer was told them.
func (r *Receiver) Told() (ack, limit uint64) {
	r.sentAck, r.sentLimit, r.sentOffset = r.Ack(), r.Limit(), r.offset
	return r.sentAck, r.sentLimit
}

// Stale reports whether the peer's view is out of date: an ACK is owed, to
// be sent within the ack delay.
func (r *Receiver) Stale() bool {
	return r.Ack() != r.sentAck || r.Limit() != r.sentLimit
}

// Urgent reports whether an ACK is owed now: the unacknowledged bytes taken,
// or the credit that can be granted, reached half the window.
func (r *Receiver) Urgent() bool {
	half := uint64(r.window / 2)
	return r.Limit()-r.sentLimit >= max(half, 1) ||
		(r.Ack() != r.sentAck && r.offset-r.sentOffset >= max(half, 1))
}

// Taken returns the last seq taken.
func (r *Receiver) Taken() uint64 { return r.taken }

// Restart begins a new session: numbering starts again at 1.
func (r *Receiver) Restart() {
	*r = Receiver{window: r.window, ackOnConsume: r.ackOnConsume}
}

// Resume starts from a stored position: every seq up to taken was taken
// (and, for ackOnConsume, consumed), offset bytes of them.
func (r *Receiver) Resume(taken, offset uint64) {
	r.taken, r.done = taken, taken
	r.offset, r.consumed = offset, offset
	r.sentAck, r.sentLimit, r.sentOffset = 0, 0, offset
}
