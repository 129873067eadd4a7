package reconnect

import "context"

// The pump looks at the connection's BufferedAmount (to drop from inflight
// what provably left) when the outbox runs empty, and otherwise once it has
// handed advanceEvery messages or advanceBytes bytes since the last look.
// Reading BufferedAmount is a call into JavaScript in the browser, which
// costs as much as sending a small message; once per burst is enough. So
// inflight holds at most what the connection buffers (about its
// high-water mark) plus advanceEvery messages or advanceBytes bytes and one
// message.
const (
	advanceEvery = 64
	advanceBytes = 64 << 10
)

// pump hands the outbox, head first, to the connection through its Send, one
// message at a time, so that the connection's water marks throttle it (and,
// through a full outbox, Client.Send). A message leaves the outbox only once
// the connection accepted it; it is then in flight. Heartbeat messages go
// between two outbox messages. The pump returns when ctx ends, the
// connection closes, or, once drain is closed, the outbox is empty.
func (s *session) pump(ctx context.Context, drain <-chan struct{}) {
	out := s.c.out
	var since handed // since inflight last advanced
	for {
		select {
		case <-s.hbReq:
			if !s.hand(ctx, s.heartbeatMessage()) {
				return
			}
			since.add(s.heartbeatMessage())
			continue
		default:
		}
		m, ok, changed := out.peek()
		if !ok {
			if since.msgs > 0 {
				s.fl.advance(s.conn.BufferedAmount)
				since = handed{}
			}
			select {
			case <-changed:
			case <-s.hbReq:
				if !s.hand(ctx, s.heartbeatMessage()) {
					return
				}
				since.add(s.heartbeatMessage())
			case <-drain:
				// A message queued just before the drain began may have
				// made changed ready too, and select picks either: look
				// again before calling the outbox empty.
				if _, ok, _ := out.peek(); ok {
					continue
				}
				return
			case <-ctx.Done():
				return
			case <-s.conn.Done():
				return
			}
			continue
		}
		if !s.hand(ctx, m) {
			return
		}
		out.pop()
		if since.add(m); since.msgs >= advanceEvery || since.bytes >= advanceBytes {
			s.fl.advance(s.conn.BufferedAmount)
			since = handed{}
		}
	}
}

// hand sends m on the connection and, if it was accepted, records it in
// flight; the pump drops what provably left once per burst (see
// advanceEvery).
func (s *session) hand(ctx context.Context, m message) bool {
	if err := s.conn.Send(ctx, m.Message); err != nil {
		return false // not accepted
	}
	s.fl.hand(m)
	if !m.heartbeat {
		s.c.sent.Add(1)
	}
	return true
}

// handed counts the messages the pump handed, and their bytes.
type handed struct {
	msgs  int
	bytes int64
}

func (h *handed) add(m message) {
	h.msgs++
	h.bytes += m.size()
}

func (s *session) heartbeatMessage() message { return s.c.hbMessage }
