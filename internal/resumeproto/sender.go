package resumeproto

// Message is one application message of a direction, with its sequence
// number. Payload is owned by the engine once pushed: the caller must not
// change it.
type Message struct {
	Type    byte // TypeText or TypeBinary
	Seq     uint64
	Payload []byte
}

// Sender is the sending half of one direction: it numbers messages, keeps
// them in the replay buffer until the peer acknowledges them, and admits a
// new message only within the peer's credit and its own replay limit
// (PROTOCOL.md § 3). The zero value is not usable: see [NewSender].
type Sender struct {
	replayLimit int64

	buf    Fifo   // seq acked+1 … next−1, in order
	bytes  int64  // payload bytes in buf
	next   uint64 // seq of the next new message
	acked  uint64 // the peer's cumulative ack
	offset uint64 // offset of the next new message
	limit  uint64 // the peer's credit
	cursor int    // index in buf of the next message to transmit on this connection
	high   uint64 // highest seq ever transmitted

	// The retransmission of the last Rewind: messages up to resendHigh were
	// transmitted on an earlier connection. They go out at most pace bytes
	// (by messageCost) beyond the peer's ack; pace starts at ResendPace and
	// grows by what each ack frees (see Next).
	resendHigh    uint64
	pace, flight  int64 // flight: cost of buf[:cursor]
	retransmitted int64

	// Dropped, if set, is called with each message an ack drops from the
	// replay buffer, in order: the Sender keeps no reference to it after.
	// Restart and Resume keep it.
	Dropped func(Message)
}

// ResendPace is how many bytes (by message cost: payload plus
// [MessageCostOverhead]) of the messages to retransmit after a resume a
// Sender has in flight at first. Each ack widens the pace by the bytes it
// frees, so it doubles with every round trip, as TCP's slow start does, and
// stops mattering once the retransmission is done. A connection that dies
// again soon after a resume (a peer that reads a few messages and fails)
// then costs about this much in new retransmissions, not the whole replay
// buffer.
const ResendPace = 64 << 10

// MessageCostOverhead is what a message counts beyond its payload in the
// retransmission pace: its frame and the WebSocket's, roughly, so that tiny
// messages are paced too.
const MessageCostOverhead = 64

func messageCost(m Message) int64 { return int64(len(m.Payload)) + MessageCostOverhead }

// NewSender returns a Sender of a new session whose peer granted limit
// bytes, that holds at most replayLimit unacknowledged bytes (plus one
// message).
func NewSender(replayLimit int64, limit uint64) *Sender {
	return &Sender{replayLimit: replayLimit, next: 1, limit: limit}
}

// Ready reports whether a new message may be pushed now: its offset is
// within the peer's credit and the replay buffer is below its limit.
func (s *Sender) Ready() bool {
	return s.offset < s.limit && s.bytes < s.replayLimit
}

// Push numbers a new message and keeps it for transmission and replay. It
// reports false, keeping nothing, when not [Sender.Ready].
func (s *Sender) Push(typ byte, p []byte) (Message, bool) {
	if !s.Ready() || s.next > MaxUint {
		return Message{}, false
	}
	m := Message{Type: typ, Seq: s.next, Payload: p}
	s.next++
	s.offset += uint64(len(p))
	s.buf.Push(m)
	s.bytes += int64(len(p))
	return m, true
}

// Next returns the next message to transmit on the current connection:
// retransmissions first (after [Sender.Rewind]), then new messages. It
// reports false when every kept message was transmitted on this connection.
//
// A retransmission waits (Next reports false) while the messages in flight
// on this connection cost pace bytes or more; the ack that frees them calls
// for Next again.
func (s *Sender) Next() (Message, bool) {
	if !s.Pending() {
		return Message{}, false
	}
	m := s.buf.Items()[s.cursor]
	s.cursor++
	s.flight += messageCost(m)
	if m.Seq <= s.high {
		s.retransmitted++
	}
	s.high = max(s.high, m.Seq)
	return m, true
}

// Pending reports whether [Sender.Next] has a message now.
func (s *Sender) Pending() bool {
	buf := s.buf.Items()
	if s.cursor >= len(buf) {
		return false
	}
	return buf[s.cursor].Seq > s.resendHigh || s.flight < s.pace
}

// Rewind starts a new connection: every unacknowledged message will be
// transmitted again, in order, those transmitted before at the
// retransmission pace. It returns how many were transmitted before.
func (s *Sender) Rewind() int {
	s.cursor, s.flight = 0, 0
	s.resendHigh, s.pace = s.high, ResendPace
	buf, n := s.buf.Items(), 0
	for n < len(buf) && buf[n].Seq <= s.high {
		n++
	}
	return n
}

// Retransmitted returns how many messages [Sender.Next] returned that had
// been transmitted before: the retransmissions that went out.
func (s *Sender) Retransmitted() int64 { return s.retransmitted }

// Ack applies the peer's cumulative ack: it drops the acknowledged messages
// from the replay buffer. An ack beyond the highest seq transmitted, or below
// the last one, is a violation and changes nothing.
func (s *Sender) Ack(ack uint64) error {
	switch {
	case ack < s.acked:
		return errAckBackwards
	case ack > s.high:
		return errAckBeyond
	}
	n := int(ack - s.acked)
	for i, m := range s.buf.Items()[:n] {
		s.bytes -= int64(len(m.Payload))
		if i < s.cursor {
			s.flight -= messageCost(m)
			s.pace += messageCost(m)
		}
		if s.Dropped != nil {
			s.Dropped(m)
		}
	}
	s.buf.Drop(n)
	s.cursor = max(s.cursor-n, 0)
	s.acked = ack
	return nil
}

// Credit applies the peer's limit. A limit below the last one is a violation
// and changes nothing.
func (s *Sender) Credit(limit uint64) error {
	if limit < s.limit {
		return errLimitBack
	}
	s.limit = limit
	return nil
}

// Unacked returns the messages kept for replay and their payload bytes.
func (s *Sender) Unacked() (messages int, bytes int64) { return len(s.buf.Items()), s.bytes }

// Acked returns the peer's cumulative ack.
func (s *Sender) Acked() uint64 { return s.acked }

// Sent returns the highest seq transmitted on any connection.
func (s *Sender) Sent() uint64 { return s.high }

// Pushed returns the highest seq pushed.
func (s *Sender) Pushed() uint64 { return s.next - 1 }

// Restart begins a new session, whose peer granted limit bytes: numbering
// starts again at 1. It returns the unacknowledged messages of the old
// session (with their old seqs), which the caller either pushes again or
// reports as lost.
func (s *Sender) Restart(limit uint64) []Message {
	old, retransmitted := s.buf.Items(), s.retransmitted
	*s = Sender{replayLimit: s.replayLimit, next: 1, limit: limit, retransmitted: retransmitted, Dropped: s.Dropped}
	return old
}

// Resume starts from a stored position, in a process taking a session
// over: the peer acknowledged every seq up to acked, replay holds the
// unacknowledged messages (seqs acked+1 … in order), and offset is the
// offset after the last of them. The next message pushed follows them;
// the peer's credit is given by [Sender.Credit] afterwards.
func (s *Sender) Resume(acked, offset uint64, replay []Message) {
	*s = Sender{replayLimit: s.replayLimit, next: acked + 1, acked: acked, offset: offset, high: acked, Dropped: s.Dropped}
	for _, m := range replay {
		s.buf.Push(m)
		s.bytes += int64(len(m.Payload))
		s.next, s.high = m.Seq+1, m.Seq
	}
}
