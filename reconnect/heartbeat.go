package reconnect

import (
	"context"
	"time"
)

// heartbeat checks the link every HeartbeatInterval and declares it dead
// (closing s.dead) after HeartbeatTimeout without inbound traffic, not
// counting time the forwarder waits for the application.
//
// With a heartbeat message it asks the pump to send it; its echo (see
// forward) confirms what was handed before it. Otherwise it sends a protocol
// ping, one at a time; the pong confirms every message that provably left
// before the ping was written, since the peer reads frames in order.
func (s *session) heartbeat(ctx context.Context) {
	interval, timeout := s.c.opts.HeartbeatInterval, s.c.opts.HeartbeatTimeout
	if interval <= 0 && timeout <= 0 {
		return
	}
	s.touch()
	var tick <-chan time.Time
	if interval > 0 {
		t := time.NewTicker(interval)
		defer t.Stop()
		tick = t.C
	}
	var watch *time.Timer
	var watchC <-chan time.Time
	if timeout > 0 {
		watch = time.NewTimer(timeout)
		defer watch.Stop()
		watchC = watch.C
	}
	type pingResult struct {
		confirms int // data messages that left before the ping
		err      error
	}
	pong := make(chan pingResult, 1)
	pinging := false
	defer func() {
		if pinging {
			<-pong // ctx ends or the connection closes: Ping returns
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick:
			if s.c.heartbeat != nil {
				select {
				case s.hbReq <- struct{}{}:
				default:
				}
				continue
			}
			if pinging {
				continue
			}
			pinging = true
			confirms := s.fl.advance(s.conn.BufferedAmount)
			go func() { pong <- pingResult{confirms, s.conn.Ping(ctx)} }()
		case r := <-pong:
			pinging = false
			if r.err == nil {
				s.touch()
				s.fl.confirm(r.confirms)
			}
		case <-watchC:
			if s.blocked.Load() {
				watch.Reset(timeout)
				continue
			}
			idle := s.idle()
			if idle >= timeout {
				close(s.dead)
				return
			}
			watch.Reset(timeout - idle)
		}
	}
}
