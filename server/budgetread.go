//go:build !js

package server

import (
	"context"
	"errors"
	"io"

	"github.com/coder/websocket"
)

// readStart is the first size of the buffer readWithinBudget reads a message
// into: the frames of resume mode other than DATA are a few bytes.
const readStart = 512

// errOverBudget ends a connection whose message outgrew the room left in the
// memory budget.
var errOverBudget = errors.New("no room in the memory budget for the rest of the message")

// readWithinBudget reads one whole message of conn, as conn.Read does, into
// a buffer whose bytes are taken from the memory budget while the message is
// read, and given back when it returns (the message is then its caller's:
// resume mode holds it in a session, bounded by the credit the session
// grants). It waits for room for the buffer's first readStart bytes while
// holding nothing; each time the buffer must grow, it takes the room for the
// larger one only if there is some now. A message that outgrows the room
// left closes the connection with 1013 (try again later: a resume-mode
// client resumes its session on a new connection) and gives errOverBudget:
// no connection waits while holding budget, so connections cannot hold one
// another up until MessageTimeout. A message that takes longer than
// MessageTimeout from its first frame to its last closes the connection with
// 1008.
func (s *Server) readWithinBudget(ctx context.Context, conn *websocket.Conn) (websocket.MessageType, []byte, error) {
	typ, r, err := conn.Reader(ctx)
	if err != nil {
		return 0, nil, err
	}
	timer, expired := s.messageTimer(conn)
	defer timer.Stop()

	held := int64(readStart)
	if !s.memory.acquire(held, s.stopping, expired) {
		select {
		case <-s.stopping:
			return 0, nil, errShutdown // Shutdown closes the connection itself
		default:
			return 0, nil, errMessageTimeout
		}
	}
	defer func() { s.memory.release(held) }()
	buf := make([]byte, 0, held)
	for {
		if len(buf) == cap(buf) {
			grown := 2 * int64(cap(buf))
			if !s.memory.tryAcquire(grown) {
				s.memory.release(held)
				held = 0
				s.metrics.closes[closeMemory].Add(1)
				_ = conn.Close(websocket.StatusTryAgainLater, errOverBudget.Error())
				return 0, nil, errOverBudget
			}
			larger := make([]byte, len(buf), grown)
			copy(larger, buf)
			s.memory.release(held)
			held, buf = grown, larger
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return typ, buf, nil
		}
		if err != nil {
			return 0, nil, err
		}
	}
}
