package sdk

import "context"

// Message is one data message as a value: its type and bytes that no one
// else changes. [NewMessage] makes one from a caller's bytes, checking and
// copying them once; [Conn.SendMessage] then sends it without checking or
// copying it again (bytes still cross into JavaScript in the browser). A
// Message may be sent many times, on many connections, from many goroutines
// at once. The zero value is not a valid message: SendMessage refuses it.
//
// It is the one representation of a message in the library: reconnect's
// outbox holds Messages, and the receive buffers count them with
// [Message.Cost].
type Message struct {
	typ  MessageType
	data []byte

	// In the browser, a received message whose payload the connection's
	// JavaScript shim still holds (see shim_js.go): its id there (0: none)
	// and its size. Receive takes it into Go memory.
	heldID  uint32
	heldLen int
}

// NewMessage checks a message as [Conn.Send] does (typ Text or Binary, Text
// valid UTF-8, else an error matching ErrInvalidMessage) and copies p into a
// Message: p may be reused at once.
func NewMessage(typ MessageType, p []byte) (Message, error) {
	if err := ValidateMessage(typ, p); err != nil {
		return Message{}, err
	}
	return Message{typ: typ, data: append([]byte{}, p...)}, nil // append: the new array is not zeroed first
}

// Type returns the message's type; 0 for the zero Message.
func (m Message) Type() MessageType { return m.typ }

// Len returns the size of the message's payload in bytes.
func (m Message) Len() int { return len(m.data) }

// Bytes returns the message's payload. It must not be modified.
func (m Message) Bytes() []byte { return m.data }

// Cost returns what the message counts for against the byte limits of
// queues (Options.ReceiveBuffer, reconnect's inbox): its size, but at least
// [MessageOverhead], so that empty messages are bounded too.
func (m Message) Cost() int64 { return MessageCost(len(m.data) + m.heldLen) }

// MessageCost is what a message of n bytes counts for against a byte limit:
// n, but at least [MessageOverhead]. It is the one cost function of the
// library.
func MessageCost(n int) int64 { return int64(max(n, MessageOverhead)) }

// SendMessage sends m as [Conn.Send] sends a message, with the same waiting
// and errors, but without checking or copying it again: NewMessage did. It
// returns ErrInvalidMessage for the zero Message.
func (c *Conn) SendMessage(ctx context.Context, m Message) error {
	if m.typ == 0 {
		return wrapErr(ErrInvalidMessage, "the zero Message")
	}
	return c.send(ctx, m.typ, m.data, true)
}
