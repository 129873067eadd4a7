package reconnect

import "context"

// forward moves the connection's messages into the Client's inbox until the
// connection has closed and been drained, then records its final error. While
// the inbox is full it waits, which stops it reading the connection, whose
// own receive buffer then applies; the heartbeat does not count that time as
// silence. Heartbeat echoes are taken out here.
func (s *session) forward() {
	in := s.c.in
	for {
		typ, p, err := s.conn.Receive(context.Background())
		if err != nil {
			s.recvErr = err
			return
		}
		s.touch()
		if s.c.isHeartbeat(typ, p) {
			s.fl.echo()
			if s.gen != 0 { // resume mode
				s.c.rs.consumed(len(p), s.gen) // taken here: its credit is free
			}
			continue
		}
		m := received{typ: typ, data: p, session: s.gen}
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
