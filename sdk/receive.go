package sdk

import "context"

// AppendReceive is Receive without an allocation per message: it appends
// the next message's payload to dst and returns the extended slice, in the
// style of strconv.AppendInt. Pass dst[:0] of a buffer to reuse it; it
// grows (a new array, as append does) only when a message does not fit in
// its capacity. Messages come in the same order, from the same buffer, and
// with the same errors as from Receive, with which it may be mixed; on an
// error dst is returned as it was.
//
// # WebAssembly
//
// In the browser, a message larger than 2 KiB is copied from JavaScript
// straight into dst, and smaller ones from the buffer their batch arrived in:
// once dst is large enough, receiving allocates nothing per message.
// Natively the transport allocates each message as it reads it from the
// socket (the receive buffer holds them until they are asked for), so
// AppendReceive saves only the caller's own buffer.
func (c *Conn) AppendReceive(ctx context.Context, dst []byte) (MessageType, []byte, error) {
	m, err := c.pop(ctx)
	if err != nil {
		return 0, dst, err
	}
	if m.heldID == 0 {
		return m.typ, append(dst, m.data...), nil
	}
	p, err := c.takeHeld(m, dst)
	if err != nil {
		return 0, dst, err
	}
	return m.typ, p, nil
}

// pop returns the next received message, waiting for one until ctx ends:
// from the transport where it keeps the received messages itself (the
// browser's, in its JavaScript shim), else from the receive buffer.
func (c *Conn) pop(ctx context.Context) (inbound, error) {
	if s, ok := c.t.(messageSource); ok {
		return s.pop(ctx)
	}
	return c.recv.Pop(ctx)
}

// messageSource is a transport that keeps the received messages itself and
// enforces Options.ReadLimit and Options.ReceiveBuffer on them; Conn's
// receive buffer then stays empty, and holds only the close error.
type messageSource interface {
	// pop is Conn.pop: the next message, or, once the connection is Closed
	// and every message received before it returned, the error of the
	// closed receive buffer.
	pop(ctx context.Context) (Message, error)
}

// heldTaker is a transport whose received messages may still be held
// outside Go memory (the browser's: see Message.heldID).
type heldTaker interface {
	// takeHeld appends m's payload to dst. It is called once per held
	// message.
	takeHeld(m Message, dst []byte) ([]byte, error)
}

// takeHeld appends the payload of m, a message still held by the transport,
// to dst.
func (c *Conn) takeHeld(m Message, dst []byte) ([]byte, error) {
	h, ok := c.t.(heldTaker)
	if !ok {
		return dst, wrapErr(ErrInvalidState, "message held by a transport that cannot release it")
	}
	return h.takeHeld(m, dst)
}
