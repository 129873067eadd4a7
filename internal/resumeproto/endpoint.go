package resumeproto

// Endpoint is one side of a session: the Sender of its direction and the
// Receiver of the other, joined where frames carry both (the ack and limit
// piggybacked on DATA). The zero value is not usable: set both fields.
type Endpoint struct {
	Out *Sender
	In  *Receiver
}

// Event is what a received frame means to the caller of [Endpoint.Handle].
type Event int

// Events of [Endpoint.Handle].
const (
	EventNone    Event = iota // ACK, or a retransmitted DATA: nothing to deliver
	EventDeliver              // a new DATA: deliver it to the application
	EventBye                  // BYE: the peer ended the session
)

// AppendData appends the DATA frame of m, with the current ack and limit.
func (e *Endpoint) AppendData(dst []byte, m Message) []byte {
	return append(e.AppendDataHead(dst, m), m.Payload...)
}

// AppendDataHead appends the DATA frame of m, with the current ack and
// limit, up to its payload: the frame is what it appends followed by
// m.Payload, for a caller that writes the two parts without joining them.
func (e *Endpoint) AppendDataHead(dst []byte, m Message) []byte {
	ack, limit := e.In.Told()
	dst = append(dst, byte(KindData))
	return AppendDataHeader(dst, m.Type, m.Seq, ack, limit, len(m.Payload))
}

// AppendAck appends an ACK frame with the current ack and limit.
func (e *Endpoint) AppendAck(dst []byte) []byte {
	ack, limit := e.In.Told()
	return Append(dst, &Frame{Kind: KindAck, Ack: ack, Limit: limit})
}

// Handle applies a frame received after the opening exchange: DATA, ACK or
// BYE. Any other kind there is a violation. On a violation nothing changes.
func (e *Endpoint) Handle(f *Frame) (Event, error) {
	switch f.Kind {
	case KindData, KindAck:
	case KindBye:
		return EventBye, nil
	default:
		return EventNone, violation("unexpected frame kind")
	}
	if f.Ack < e.Out.acked {
		return EventNone, errAckBackwards
	}
	if f.Ack > e.Out.high {
		return EventNone, errAckBeyond
	}
	if f.Limit < e.Out.limit {
		return EventNone, errLimitBack
	}
	ev := EventNone
	if f.Kind == KindData {
		deliver, err := e.In.Take(f)
		if err != nil {
			return EventNone, err
		}
		if deliver {
			ev = EventDeliver
		}
	}
	_ = e.Out.Ack(f.Ack)      // checked above
	_ = e.Out.Credit(f.Limit) // checked above
	return ev, nil
}
