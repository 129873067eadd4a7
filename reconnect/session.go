package reconnect

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/wasmws/wasmws/internal/resumeproto"
	"github.com/wasmws/wasmws/sdk"
)

// session is the life of one open connection: a pump hands the outbox to it,
// a forwarder moves what it receives to the inbox, a heartbeat watches it.
// When it ends, its in-flight messages are settled.
type session struct {
	c     *Client
	conn  connection
	fl    inflight
	start time.Time

	lastIn  atomic.Int64  // time.Since(start) at the last inbound traffic
	blocked atomic.Bool   // the forwarder waits for room in the inbox
	hbReq   chan struct{} // capacity 1: send the heartbeat message
	dead    chan struct{} // closed by the heartbeat: no inbound traffic

	recvErr error  // the connection's final Receive error; set by forward
	gen     uint64 // resume mode: its session's number (resumeState.gen, from 1); 0 in plain mode
}

// session runs conn until it has closed, and returns how it ended. The
// Client is Open meanwhile, or Closing once Close was called.
func (c *Client) session(conn connection) sessionEnd {
	s := &session{
		c: c, conn: conn, start: time.Now(),
		hbReq: make(chan struct{}, 1),
		dead:  make(chan struct{}),
	}
	if rc, ok := conn.(*resumeConn); ok {
		s.gen = rc.gen
	}
	pumpCtx, stopPump := context.WithCancel(context.Background())
	defer stopPump()
	hbCtx, stopHeartbeat := context.WithCancel(context.Background())
	defer stopHeartbeat()
	drain := make(chan struct{})
	pumpDone := goDone(func() { s.pump(pumpCtx, drain) })
	fwdDone := goDone(s.forward)
	hbDone := goDone(func() { s.heartbeat(hbCtx) })

	var end sessionEnd
	select {
	case <-conn.Done():
	case <-c.closing:
		// Flush the outbox into the connection, then close it.
		end.closing = true
		c.transition(Closing, StateChange{})
		close(drain)
		t := time.NewTimer(c.opts.CloseTimeout)
		select {
		case <-pumpDone:
		case <-conn.Done():
		case <-t.C:
		}
		t.Stop()
		stopPump()
		<-pumpDone
		_ = conn.Close(c.closeArgs())
	case <-c.reconnect:
		end.reconnect = true
		stopPump()
		<-pumpDone
		_ = conn.Close(sdk.StatusNormalClosure, "reconnect")
	case <-s.dead:
		end.cause = ErrHeartbeatTimeout
		stopPump()
		<-pumpDone
		_ = conn.CloseNow() // the link is dead: no handshake can complete
	}
	<-conn.Done()
	stopPump()
	stopHeartbeat()
	<-pumpDone
	<-hbDone
	<-fwdDone // the connection is closed: it is draining into the inbox

	end.close, end.err = s.closeStatus()
	end.replayed, end.maybeLost = s.settle(end.close)
	if s.gen != 0 && end.close.Code == resumeproto.CloseRefused {
		// The server refused the session after it opened: the next
		// connection starts a new one (PROTOCOL.md § 8).
		_ = c.rs.refused(c, end.err)
	}
	return end
}

// closeStatus returns how the connection closed as ShouldReconnect sees it
// (the SDK's own limit codes when it closed because of them), and its final
// Receive error.
func (s *session) closeStatus() (sdk.CloseError, error) {
	ce, _ := s.conn.CloseStatus()
	switch {
	case errors.Is(s.recvErr, sdk.ErrMessageTooBig):
		ce.Code = sdk.StatusReadLimit
	case errors.Is(s.recvErr, sdk.ErrReceiveOverflow):
		ce.Code = sdk.StatusReceiveOverflow
	}
	return ce, s.recvErr
}

// settle puts back in the outbox what provably never left and counts what
// may be lost (see inflight.settle and the package documentation).
func (s *session) settle(ce sdk.CloseError) (replayed, maybeLost int) {
	if _, ok := s.conn.(*resumeConn); ok {
		return 0, 0 // the session keeps what the server has not acknowledged
	}
	final := s.conn.BufferedAmount()
	byUs := s.conn.CloseCalled()
	bySDK := byUs || ce.Code == sdk.StatusReadLimit || ce.Code == sdk.StatusReceiveOverflow
	replay, lost := s.fl.settle(final, byUs && ce.WasClean, tailIsFinal(bySDK, ce.WasClean))
	s.c.out.pushFront(replay)
	s.c.count(func(st *Stats) {
		st.Replayed += int64(len(replay))
		st.MaybeLost += int64(lost)
	})
	return len(replay), lost
}

// touch records inbound traffic.
func (s *session) touch() { s.lastIn.Store(int64(time.Since(s.start))) }

// idle returns the time since the last inbound traffic.
func (s *session) idle() time.Duration {
	return time.Since(s.start) - time.Duration(s.lastIn.Load())
}

// goDone runs f in a goroutine and returns a channel closed when it returns.
func goDone(f func()) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	return done
}
