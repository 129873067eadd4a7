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

// echoChunk is the size of the buffer one message's echo streams through:
// a message that fits is echoed as one frame; a larger one is echoed in
// fragments of this size, each written before the next is read, so the
// server holds at most this much of any message.
const echoChunk = 32 << 10

// errMessageTimeout ends a connection whose message took longer than
// Options.MessageTimeout to arrive.
var errMessageTimeout = errors.New("message took too long to arrive")

// messageTimer starts the MessageTimeout of a message whose first frame
// conn has just read: when it fires, it closes expired, counts the close and
// closes conn with 1008. Stop the timer once the message has arrived.
func (s *Server) messageTimer(conn *websocket.Conn) (timer *time.Timer, expired <-chan struct{}) {
	ch := make(chan struct{})
	timer = time.AfterFunc(s.opts.MessageTimeout, func() {
		close(ch)
		s.metrics.closes[closeMessageTimeout].Add(1)
		_ = conn.Close(websocket.StatusPolicyViolation, errMessageTimeout.Error())
	})
	return timer, ch
}

// errInvalidUTF8 ends a connection that sent text that is not UTF-8.
var errInvalidUTF8 = errors.New("text message is not valid UTF-8")

// echoMessage reads one message and sends it back, streaming it through a
// buffer of echoChunk bytes taken from the memory budget (waiting for room
// if there is none). Text that is not UTF-8 closes the connection with 1007
// before any invalid byte is echoed; a message that takes longer than
// MessageTimeout from its first frame to its last closes it with 1008.
func (s *Server) echoMessage(ctx context.Context, conn *websocket.Conn, f faults) error {
	typ, r, err := conn.Reader(ctx)
	if err != nil {
		return err
	}
	s.reads.Add(1)
	timer, expired := s.messageTimer(conn)
	defer timer.Stop()

	if !s.memory.acquire(echoChunk, s.stopping, expired) {
		select {
		case <-s.stopping:
			return errShutdown // Shutdown closes the connection itself
		default:
			return errMessageTimeout
		}
	}
	defer s.memory.release(echoChunk)
	bufp := chunkPool.Get().(*[]byte)
	defer chunkPool.Put(bufp)
	buf := *bufp

	var text utf8Stream
	valid := func(p []byte, last bool) bool {
		if typ != websocket.MessageText || text.check(p) && (!last || text.complete()) {
			return true
		}
		s.metrics.closes[closeInvalidUTF8].Add(1)
		_ = conn.Close(websocket.StatusInvalidFramePayloadData, errInvalidUTF8.Error())
		return false
	}
	delayed := func() bool {
		if f.delay == 0 {
			return true
		}
		timer.Stop() // the delay asked for does not count
		defer timer.Reset(s.opts.MessageTimeout)
		return s.wait(f.delay, nil)
	}

	n, err := io.ReadFull(r, buf)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		// The whole message is in buf: one frame. It has arrived, so its
		// MessageTimeout is over: the echo's write, which waits for the
		// client to read, does not count.
		timer.Stop()
		if !valid(buf[:n], true) {
			return errInvalidUTF8
		}
		if f.delay > 0 && !s.wait(f.delay, nil) {
			return errShutdown
		}
		return conn.Write(ctx, typ, buf[:n])
	}
	if err != nil {
		return err
	}
	if !valid(buf[:n], false) {
		return errInvalidUTF8
	}
	if !delayed() {
		return errShutdown
	}
	w, err := conn.Writer(ctx, typ)
	if err != nil {
		return err
	}
	for {
		if _, err := w.Write(buf[:n]); err != nil {
			return err
		}
		n, err = io.ReadFull(r, buf)
		last := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !last {
			return err
		}
		if !valid(buf[:n], last) {
			return errInvalidUTF8
		}
		if last {
			timer.Stop() // the whole message has arrived
			if n > 0 {
				if _, err := w.Write(buf[:n]); err != nil {
					return err
				}
			}
			return w.Close()
		}
	}
}

// chunkPool recycles echo buffers; how many are in use is bounded by the
// memory budget.
var chunkPool = sync.Pool{New: func() any {
	b := make([]byte, echoChunk)
	return &b
}}

// errShutdown ends a connection whose delay was cut short by Shutdown.
var errShutdown = errors.New("shutting down")
