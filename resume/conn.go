//go:build !js

package resume

import (
	"context"
	"errors"
	"io"
	"math"
	"time"

	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/internal/resumeproto"
)

// connection is one WebSocket connection speaking the protocol.
type connection struct {
	srv  *Server
	conn Conn
	ctx  context.Context // values for a new session
}

// run reads HELLO, answers it, then carries the session until the
// connection ends.
func (c *connection) run() {
	hello, rf := c.readHello()
	if rf != nil {
		_ = c.conn.Close(rf.code, rf.reason)
		return
	}
	ctx := context.Background()
	sess, a, welcome, rf := c.srv.open(c.ctx, hello, c.conn)
	if rf != nil {
		_ = c.conn.Close(rf.code, rf.reason)
		return
	}
	defer sess.detach(a)
	if err := c.conn.Write(ctx, websocket.MessageBinary, welcome); err != nil {
		_ = c.conn.CloseNow()
		return
	}
	written := make(chan struct{})
	go func() {
		defer close(written)
		sess.write(a)
	}()
	sess.read(a, written)
	sess.detach(a) // stops the writer
	<-written
}

// writerGrace is how long the reader of a connection the session left waits
// for the writer to close it (with its close code) before cutting it.
const writerGrace = time.Second

// readHello reads the first message, which must be HELLO.
func (c *connection) readHello() (*resumeproto.Frame, *refusal) {
	ctx, cancel := context.WithTimeout(context.Background(), c.srv.opts.HelloTimeout)
	defer cancel()
	typ, f, err := readFrame(ctx, c.conn, c.srv.opts.ReadLimit, &payloadReader{})
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return nil, &refusal{resumeproto.CloseHelloTimeout, "no HELLO in time"}
	case errors.Is(err, resumeproto.ErrProtocol):
		return nil, &refusal{resumeproto.CloseProtocol, resumeproto.Reason(err)}
	case err != nil:
		return nil, &refusal{websocket.StatusNormalClosure, ""}
	case typ != websocket.MessageBinary:
		return nil, &refusal{resumeproto.CloseProtocol, "text message"}
	case f.Kind != resumeproto.KindHello:
		return nil, &refusal{resumeproto.CloseProtocol, "first frame is not HELLO"}
	}
	return &f, nil
}

// read takes the client's frames off a's connection until it fails or the
// session leaves it.
//
// Its reads take a context that is never cancelled: coder/websocket arms a
// context.AfterFunc per read call of a cancellable one, several per frame.
// When the session leaves the connection, the writer closes it (written is
// closed once it did), which ends the read; a writer stuck on a peer that
// reads nothing is cut after writerGrace.
func (s *Session) read(a *attachment, written <-chan struct{}) {
	ctx := context.Background()
	finished := make(chan struct{})
	defer close(finished)
	go func() {
		select {
		case <-a.stop:
		case <-finished:
			return
		}
		grace := time.NewTimer(writerGrace)
		defer grace.Stop()
		select {
		case <-written:
		case <-grace.C:
		case <-finished:
			return
		}
		_ = a.conn.CloseNow()
	}()
	pr := &payloadReader{}
	for {
		typ, f, err := readFrame(ctx, a.conn, s.srv.opts.ReadLimit, pr)
		switch {
		case errors.Is(err, resumeproto.ErrProtocol):
			s.violation(a, err, resumeproto.Reason(err))
			return
		case err != nil:
			return
		case typ != websocket.MessageBinary:
			s.violation(a, errors.New("text message"), "text message")
			return
		}
		s.mu.Lock()
		if s.att != a {
			s.mu.Unlock()
			return
		}
		if !a.confirmed {
			a.confirmed = true
			if !s.unstored {
				s.wrote(s.store.Confirm(ctx, s.id, a.epoch))
			}
		}
		ev, err := s.ep.Handle(&f)
		switch {
		case err != nil:
			s.mu.Unlock()
			s.violation(a, err, resumeproto.Reason(err))
			return
		case ev == resumeproto.EventDeliver:
			s.inbox.Push(resumeproto.Message{Type: f.Type, Seq: f.Seq, Payload: f.Payload})
		}
		s.news()
		s.mu.Unlock()
		if ev == resumeproto.EventBye {
			s.end(ErrSessionEnded, websocket.StatusNormalClosure, "", false)
			return
		}
	}
}

// violation closes a's connection with 4400; the session stays resumable.
func (s *Session) violation(a *attachment, err error, reason string) {
	s.log.Warn("resume: protocol violation", "err", err)
	s.mu.Lock()
	if s.att == a && a.closeCode == 0 {
		a.closeCode, a.closeMsg = resumeproto.CloseProtocol, reason
	}
	s.mu.Unlock()
	_ = a.conn.Close(resumeproto.CloseProtocol, reason)
}

// write sends the session's frames on a's connection: DATA in order
// (retransmissions first), ACK when owed, BYE and the close when the
// session ends. It returns when the session leaves the connection.
func (s *Session) write(a *attachment) {
	ctx := context.Background()
	var buf []byte
	// One ack-delay timer serves the connection. armed: it runs, started
	// by news not urgent; due: it fired, and an ACK is owed now if a DATA
	// did not carry the news meanwhile. A DATA does not stop it: news that
	// comes while it runs then needs no wake-up to start it again.
	ackTimer := time.NewTimer(s.srv.opts.AckDelay)
	ackTimer.Stop()
	defer ackTimer.Stop()
	armed, due := false, false
	disarm := func() {
		if armed {
			ackTimer.Stop()
		}
		armed, due = false, false
	}
	// A Batcher sends a run of DATA frames ready one after another in one
	// write; what it keeps is sent before the writer waits or closes.
	batcher, _ := a.conn.(Batcher)
	flush := func() {
		if batcher != nil {
			batcher.Batch(false)
			_ = batcher.Flush() // a failure shows at the next write or read
		}
	}
	for {
		s.mu.Lock()
		if s.err != nil || s.att != a {
			code, reason, bye := a.closeCode, a.closeMsg, a.bye
			s.mu.Unlock()
			flush()
			if bye {
				_ = a.conn.Write(ctx, websocket.MessageBinary, []byte{byte(resumeproto.KindBye)})
			}
			if code != 0 {
				_ = a.conn.Close(code, reason)
			} else {
				_ = a.conn.CloseNow()
			}
			return
		}
		buf = buf[:0]
		more := false
		if m, ok := s.ep.Out.Next(); ok {
			s.persist(ctx)
			buf = s.ep.AppendData(buf, m) // carries the ack owed
			more = s.ep.Out.Pending()
			if due {
				disarm()
			}
		} else if s.ep.In.Stale() && (s.ep.In.Urgent() || due) {
			s.persist(ctx)
			buf = s.ep.AppendAck(buf)
			disarm()
		} else if !s.ep.In.Stale() {
			disarm()
		} else if !armed {
			ackTimer.Reset(s.srv.opts.AckDelay)
			armed = true
		}
		s.ackTiming = armed && !due
		s.mu.Unlock()
		if len(buf) > 0 {
			if batcher != nil {
				batcher.Batch(more)
			}
			if err := a.conn.Write(ctx, websocket.MessageBinary, buf); err != nil {
				flush() // a close frame another goroutine wrote meanwhile
				_ = a.conn.CloseNow()
				<-a.stop
				return
			}
			continue
		}
		flush()
		var fired <-chan time.Time
		if armed && !due {
			fired = ackTimer.C
		}
		select {
		case <-a.wake:
		case <-a.stop:
		case <-fired:
			due = true
		}
	}
}

// readFrame reads the next message of conn as one frame, through pr (one
// per connection, reused). An error that matches resumeproto.ErrProtocol
// is the client's violation; any other, the connection's failure.
func readFrame(ctx context.Context, conn Conn, limit int64, pr *payloadReader) (websocket.MessageType, resumeproto.Frame, error) {
	typ, r, err := conn.Reader(ctx)
	if err != nil {
		return 0, resumeproto.Frame{}, err
	}
	maxPayload := math.MaxInt
	if limit > 0 && limit < math.MaxInt {
		maxPayload = int(limit)
	}
	pr.Reader = r
	f, err := resumeproto.ReadFrame(pr, maxPayload)
	pr.Reader = nil
	return typ, f, err
}

// payloadReader reads a message for resumeproto.ReadFrame, giving it a DATA
// payload's buffer from the pool (payloadpool.go), once the message's
// reader, if a [PayloadReserver], has made room for it.
type payloadReader struct {
	io.Reader
}

// AllocPayload implements resumeproto.PayloadAllocator.
func (p *payloadReader) AllocPayload(n int) ([]byte, error) {
	if r, ok := p.Reader.(PayloadReserver); ok {
		if err := r.ReservePayload(n); err != nil {
			return nil, err
		}
	}
	return newPayload(n), nil
}
