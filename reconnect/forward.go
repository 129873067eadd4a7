package reconnect

import (
	"context"
	"errors"
)

// forwardBatch bounds the messages forward takes from the connection in one
// step.
const forwardBatch = 64

// forward moves the connection's messages into the Client's inbox until the
// connection has closed and been drained, then records its final error. It
// takes the messages the connection already holds in one step and queues
// them in one: one lock and one wake-up of the reader per batch, not per
// message. It takes no more than the inbox has room for but the one that
// found it full: while the inbox is full it waits with that one, which stops
// it reading the connection, whose own receive buffer then applies; the
// heartbeat does not count that time as silence. Heartbeat echoes are taken
// out here.
func (s *session) forward() {
	var batch []received
	for {
		var err error
		batch, err = s.receive(batch[:0])
		if len(batch) > 0 {
			s.push(batch)
			clear(batch)
		}
		if err != nil {
			s.recvErr = err
			return
		}
	}
}

// nowCtx is a cancelled context: Receive with it returns a message already
// received, or at once.
var nowCtx = func() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}()

// receive waits for the connection's next message, then takes those it
// holds already, at most forwardBatch and while they fit in the inbox's room
// (but the first, and the one that does not fit), and appends them to batch.
// A non-nil error is the connection's end, after the messages in batch.
func (s *session) receive(batch []received) ([]received, error) {
	ctx, room := context.Background(), s.c.in.Room()
	for len(batch) < forwardBatch {
		typ, p, err := s.conn.Receive(ctx)
		if err != nil {
			if ctx == nowCtx && errors.Is(err, context.Canceled) {
				err = nil // none waiting: forward the batch, then wait
			}
			return batch, err
		}
		if ctx != nowCtx {
			s.touch()
		}
		ctx = nowCtx
		if s.c.isHeartbeat(typ, p) {
			s.fl.echo()
			if s.gen != 0 { // resume mode
				s.c.rs.consumed(len(p), s.gen) // taken here: its credit is free
			}
			continue
		}
		m := received{typ: typ, data: p, session: s.gen}
		batch = append(batch, m)
		if room -= m.cost(); room < 0 {
			break
		}
	}
	return batch, nil
}

// push queues batch in the inbox, waiting while it is full.
func (s *session) push(batch []received) {
	in := s.c.in
	for _, m := range batch[in.TryPushAll(batch):] {
		if !in.TryPush(m) {
			s.blocked.Store(true)
			if !in.Push(s.conn.Done(), m) {
				// The connection is closed: its unread messages are in memory
				// already, and moving them here grows nothing.
				in.Add(m)
			}
			s.touch()
			s.blocked.Store(false)
		}
	}
}
