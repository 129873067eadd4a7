//go:build !js

package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/coder/websocket"
)

// serve runs an accepted connection to its end: push, then echo, with the
// faults f asks for. If resumed is not nil, the connection reads nothing
// until it is closed. pushed releases the push buffer's share of the memory
// budget.
func (s *Server) serve(r *http.Request, conn *websocket.Conn, f faults, resumed <-chan struct{}, pushed func()) {
	defer conn.CloseNow()
	defer s.closeOnShutdown(conn)()
	conn.SetReadLimit(s.opts.ReadLimit)
	log := s.log.With("remote", r.RemoteAddr, "query", r.URL.RawQuery)
	log.Debug("websocket open", "protocol", conn.Subprotocol())

	// Reads and writes get no deadline: a blocked connection ends when the
	// client goes away or Shutdown closes it.
	ctx := context.Background()
	err := pushMessages(ctx, conn, f)
	pushed()
	if err != nil {
		logEnd(log, 0, err)
		return
	}
	for n := 0; ; n++ {
		switch {
		case f.drop && n == f.dropAfter:
			err := conn.CloseNow()
			log.Debug("websocket dropped as asked", "echoed", n, "err", err)
			return
		case f.closeCode != 0 && n == f.closeAfter:
			err := conn.Close(f.closeCode, f.reason)
			log.Debug("websocket closed as asked", "echoed", n, "code", f.closeCode, "err", err)
			return
		}
		if resumed != nil {
			if !s.waitResume(conn, resumed) {
				log.Debug("websocket ended while paused")
				return
			}
			resumed = nil
		}
		if err := s.echoMessage(ctx, conn, f); err != nil {
			logEnd(log, n, err)
			return
		}
	}
}

// waitResume waits until resumed is closed, and reports whether it was. On
// Shutdown it reports false. A connection paused for longer than maxWait
// is closed with 1001, since a server that does not read cannot see its
// client go away.
func (s *Server) waitResume(conn *websocket.Conn, resumed <-chan struct{}) bool {
	t := time.NewTimer(maxWait)
	defer t.Stop()
	select {
	case <-resumed:
		return true
	case <-s.stopping:
		return false
	case <-t.C:
		conn.Close(websocket.StatusGoingAway, "paused too long")
		return false
	}
}

// closeOnShutdown closes conn with 1001 (going away) when Shutdown is called.
// The returned stop ends the watch, waiting for a close it started.
func (s *Server) closeOnShutdown(conn *websocket.Conn) (stop func()) {
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		select {
		case <-s.stopping:
			conn.Close(websocket.StatusGoingAway, "going away")
		case <-quit:
			// A handler that ends because of Shutdown (paused, delaying)
			// quits at the same moment: select may pick quit, and the
			// connection must still get its 1001.
			select {
			case <-s.stopping:
				conn.Close(websocket.StatusGoingAway, "going away")
			default:
			}
		}
	}()
	return func() {
		close(quit)
		<-done
	}
}

// logEnd logs why a connection ended: at Debug level if the client closed it
// or went away, at Warn level otherwise.
func logEnd(log *slog.Logger, echoed int, err error) {
	var ce websocket.CloseError
	switch {
	case errors.As(err, &ce):
		log.Debug("websocket closed", "echoed", echoed, "code", ce.Code, "reason", ce.Reason)
	case errors.Is(err, errInvalidUTF8), errors.Is(err, errMessageTimeout), errors.Is(err, errShutdown):
		log.Debug("websocket closed by the server", "echoed", echoed, "err", err)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, net.ErrClosed), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		log.Debug("websocket lost", "echoed", echoed, "err", err)
	default:
		log.Warn("websocket failed", "echoed", echoed, "err", err)
	}
}
