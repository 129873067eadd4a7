package reconnect

import "context"

// pump hands the outbox, head first, to the connection through its Send, one
// message at a time, so that the connection's water marks throttle it (and,
// through a full outbox, Client.Send). A message leaves the outbox only once
// the connection accepted it; it is then in flight. Heartbeat messages go
// between two outbox messages. The pump returns when ctx ends, the
// connection closes, or, once drain is closed, the outbox is empty.
func (s *session) pump(ctx context.Context, drain <-chan struct{}) {
	out := s.c.out
	for {
		select {
		case <-s.hbReq:
			if !s.hand(ctx, s.heartbeatMessage()) {
				return
			}
			continue
		default:
		}
		m, ok, changed := out.peek()
		if !ok {
			select {
			case <-changed:
			case <-s.hbReq:
				if !s.hand(ctx, s.heartbeatMessage()) {
					return
				}
			case <-drain:
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
	}
}

// hand sends m on the connection and, if it was accepted, records it in
// flight and drops what provably left since.
func (s *session) hand(ctx context.Context, m message) bool {
	if err := s.conn.Send(ctx, m.Message); err != nil {
		return false // not accepted
	}
	s.fl.hand(m)
	s.fl.advance(s.conn.BufferedAmount)
	if !m.heartbeat {
		s.c.sent.Add(1)
	}
	return true
}

func (s *session) heartbeatMessage() message { return s.c.hbMessage }
