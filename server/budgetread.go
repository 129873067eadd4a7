//go:build !js

package server

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// readStart is the room a resume-mode message takes in the memory budget
// from its first byte: the frames of resume mode other than DATA are a few
// bytes, and a DATA frame's header fits.
const readStart = 512

// errOverBudget ends a connection whose message outgrew the room left in the
// memory budget.
var errOverBudget = errors.New("no room in the memory budget for the rest of the message")

// budgetReader is how a resume-mode connection of the bundled server reads
// each message: every byte the server holds for it while it is read is taken
// from the memory budget, and given back when the message has been read
// (the message is then its session's, bounded by the credit the session
// grants). readWithinBudget starts each message.
//
// It waits for room for its first readStart bytes while holding nothing.
// When the resume server makes a DATA payload's buffer (ReservePayload, as
// resume.PayloadReserver), or more bytes arrive than it holds, it takes
// the extra room only if there is some now; otherwise it closes the
// connection with 1013 (try again later: a resume-mode client resumes its
// session on a new connection) and fails with errOverBudget. No connection
// waits while holding budget, so connections cannot hold one another up
// until MessageTimeout. A message that takes longer than MessageTimeout from
// its first frame to its last closes the connection with 1008.
type budgetReader struct {
	s     *Server
	conn  *websocket.Conn
	r     io.Reader
	clock *messageClock
	held  int64 // bytes taken from the budget
	read  int64 // bytes read of the message
	done  bool  // EOF or an error seen: nothing held
}

// messageClock is the MessageTimeout of a resume-mode connection's messages:
// one timer for the connection's life, started at each message's first byte
// and stopped at its end, where a timer per message would cost an
// allocation and a goroutine's wake-up each. When it fires it closes the
// connection with 1008 and expired. Make it with newMessageClock.
type messageClock struct {
	timer   *time.Timer
	expired chan struct{}
}

// newMessageClock returns conn's clock, stopped.
func (s *Server) newMessageClock(conn *websocket.Conn) *messageClock {
	c := &messageClock{expired: make(chan struct{})}
	var once sync.Once
	c.timer = time.AfterFunc(time.Hour, func() {
		once.Do(func() {
			close(c.expired)
			s.metrics.closes[closeMessageTimeout].Add(1)
			_ = conn.Close(websocket.StatusPolicyViolation, errMessageTimeout.Error())
		})
	})
	c.timer.Stop()
	return c
}

// readWithinBudget starts reading a message whose reader is r, timed by
// clock, through b (one per connection, reused message after message: the
// previous message, if b holds room for it still, gives it back first): it
// waits for room for its first bytes, then b is the reader to parse it
// through.
func (s *Server) readWithinBudget(ctx context.Context, conn *websocket.Conn, clock *messageClock, r io.Reader, b *budgetReader) error {
	if b.s != nil {
		b.finish()
	}
	*b = budgetReader{done: true}
	clock.timer.Reset(s.opts.MessageTimeout)
	if !s.memory.acquire(readStart, s.stopping, clock.expired) {
		clock.timer.Stop()
		select {
		case <-s.stopping:
			return errShutdown // Shutdown closes the connection itself
		case <-ctx.Done():
			return ctx.Err()
		default:
			return errMessageTimeout
		}
	}
	*b = budgetReader{s: s, conn: conn, r: r, clock: clock, held: readStart}
	return nil
}

// ReservePayload takes room in the budget for a DATA frame's payload of n
// bytes (resume.PayloadReserver), before the session makes its buffer.
func (b *budgetReader) ReservePayload(n int) error {
	return b.grow(b.read + int64(n))
}

// Read reads the message, taking room for bytes beyond those held.
func (b *budgetReader) Read(p []byte) (int, error) {
	if b.done {
		return 0, io.EOF
	}
	n, err := b.r.Read(p)
	b.read += int64(n)
	if gerr := b.grow(b.read); gerr != nil {
		return 0, gerr
	}
	if err != nil {
		b.finish()
	}
	return n, err
}

// grow makes the room held at least total bytes, or closes the connection.
func (b *budgetReader) grow(total int64) error {
	if b.done {
		return errOverBudget
	}
	if total <= b.held {
		return nil
	}
	if !b.s.memory.tryAcquire(total - b.held) {
		b.finish()
		b.s.metrics.closes[closeMemory].Add(1)
		_ = b.conn.Close(websocket.StatusTryAgainLater, errOverBudget.Error())
		return errOverBudget
	}
	b.held = total
	return nil
}

// finish gives the room back and stops the message's timer.
func (b *budgetReader) finish() {
	if b.done {
		return
	}
	b.done = true
	b.clock.timer.Stop()
	b.s.memory.release(b.held)
	b.held = 0
}
