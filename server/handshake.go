//go:build !js

package server

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/internal/batchconn"
	"github.com/wasmws/wasmws/resume"
)

// handleEcho answers a handshake on /echo: it checks the query and the
// origin, applies the faults that act before the upgrade (reject, hang,
// resume, pause registration, protocol) and the connection limit, upgrades,
// and serves the connection.
func (s *Server) handleEcho(w http.ResponseWriter, r *http.Request) {
	f, err := parseFaults(r.URL.Query())
	if err != nil {
		s.metrics.rejects[rejectBadQuery].Add(1)
		refuse(w, http.StatusBadRequest, err.Error())
		return
	}
	if err := checkOrigin(r, s.opts.OriginPatterns); err != nil {
		s.log.Warn("refused websocket", "remote", r.RemoteAddr, "err", err)
		s.metrics.rejects[rejectOrigin].Add(1)
		refuse(w, http.StatusForbidden, err.Error())
		return
	}
	if !s.enter() {
		s.metrics.rejects[rejectShutdown].Add(1)
		refuse(w, http.StatusServiceUnavailable, "shutting down")
		return
	}
	defer s.handlers.Done()

	if f.reject != 0 {
		s.metrics.rejects[rejectAsked].Add(1)
		refuse(w, f.reject, fmt.Sprintf("rejected as asked by reject=%d", f.reject))
		return
	}
	if f.hang > 0 {
		s.log.Debug("websocket handshake hanging as asked", "remote", r.RemoteAddr, "hang", f.hang)
		if !s.wait(f.hang, r.Context().Done()) {
			// Shutdown was called, or the client went away and hears nothing.
			s.metrics.rejects[rejectShutdown].Add(1)
			refuse(w, http.StatusServiceUnavailable, "shutting down")
			return
		}
	}
	if !s.acquire() {
		s.metrics.rejects[rejectMaxConns].Add(1)
		refuse(w, http.StatusServiceUnavailable, fmt.Sprintf("too many connections (at most %d)", s.opts.MaxConns))
		return
	}
	defer s.release()
	// The push buffer is reserved now, so that a push that does not fit is
	// refused before the upgrade; serve releases it once pushed.
	pushed := func() {}
	if n := pushBufferSize(f); n > 0 {
		if !s.memory.tryAcquire(n) {
			s.metrics.rejects[rejectMemory].Add(1)
			refuse(w, http.StatusServiceUnavailable, fmt.Sprintf("no room in the memory budget for a push buffer of %d bytes", n))
			return
		}
		pushed = sync.OnceFunc(func() { s.memory.release(n) })
		defer pushed()
	}

	// Pause and resume act before the handshake is answered, so that once a
	// client sees its connection open, a resume it sends next finds it.
	if f.resume != "" {
		s.resume(f.resume)
	}
	var resumed <-chan struct{}
	if f.pause != "" {
		g, release := s.pause(f.pause)
		defer release()
		resumed = g.open
	}

	if f.script {
		s.serveScripted(w, r, f, selectProtocol(r, s.opts.Subprotocols, f))
		return
	}
	// Accept writes this header as it is; it adds none of its own when
	// AcceptOptions.Subprotocols is empty.
	p := selectProtocol(r, s.opts.Subprotocols, f)
	if p != "" {
		w.Header().Set("Sec-WebSocket-Protocol", p)
	}
	opts := &websocket.AcceptOptions{
		InsecureSkipVerify: true, // checkOrigin did it, with loopback allowed
		CompressionMode:    websocket.CompressionDisabled,
	}
	var conn *websocket.Conn
	var nc *batchconn.Conn // resume mode's session writer batches its writes
	cw := &countUpgrade{ResponseWriter: w, accepted: &s.metrics.accepted}
	if p == resume.Subprotocol {
		conn, nc, err = batchconn.Accept(cw, r, opts)
	} else {
		conn, err = websocket.Accept(cw, r, opts)
	}
	if err != nil {
		s.metrics.rejects[rejectUpgrade].Add(1)
		s.log.Warn("websocket handshake failed", "remote", r.RemoteAddr, "err", err)
		return
	}
	if nc != nil {
		s.serveResume(r, conn, nc, f, resumed)
		return
	}
	s.serve(r, conn, f, resumed, pushed)
}

// selectProtocol returns the subprotocol to answer with: the protocol
// parameter if given (even empty), or else the resume subprotocol if
// offered, or else the first protocol the client offers that is known, or
// "".
func selectProtocol(r *http.Request, known []string, f faults) string {
	if f.setProtocol {
		return f.protocol
	}
	if resume.Offered(r) {
		return resume.Subprotocol
	}
	for _, h := range r.Header.Values("Sec-WebSocket-Protocol") {
		for _, p := range strings.Split(h, ",") {
			if p = strings.TrimSpace(p); slices.Contains(known, p) {
				return p
			}
		}
	}
	return ""
}

// refuse answers a handshake with an HTTP error and a one-line explanation.
func refuse(w http.ResponseWriter, status int, msg string) {
	http.Error(w, "wasmws server: "+msg, status)
}
