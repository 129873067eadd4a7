//go:build !js

package server

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wasmws/wasmws/resume"
)

// Server is the bundled echo and test server, an [http.Handler] serving
// /echo, /healthz and static files (see the package documentation).
//
// Create it with [New]; the zero value is not usable. It is safe for
// concurrent use.
type Server struct {
	opts    Options
	log     *slog.Logger
	mux     *http.ServeMux
	resumer *resume.Server // sessions of resume mode on /echo
	refuser *resume.Server // those of refuse=close (refuse.go)

	stopping chan struct{} // closed by Shutdown

	mu       sync.Mutex
	stopped  bool             // Shutdown was called
	conns    int              // WebSocket connections, including ones being accepted
	gates    map[string]*gate // pause keys
	handlers sync.WaitGroup   // /echo requests in progress; Add only under mu while !stopped

	memory  *budget // bytes of message data held, bounded by MemoryBudget
	metrics metrics

	reads atomic.Int64 // messages read from clients, for tests
}

// New returns a Server configured by opts. It copies opts and fills in the
// defaults, never changing the caller's struct.
func New(opts Options) *Server {
	opts = opts.withDefaults()
	s := &Server{
		opts:     opts,
		log:      opts.Logger,
		mux:      http.NewServeMux(),
		stopping: make(chan struct{}),
		gates:    make(map[string]*gate),
		memory:   newBudget(opts.MemoryBudget),
	}
	s.resumer = newResumeServer(opts, false)
	s.refuser = newResumeServer(opts, true)
	s.opts.OriginPatterns = validOriginPatterns(opts.OriginPatterns, s.log)
	s.mux.HandleFunc("/echo", s.handleEcho)
	s.mux.HandleFunc("/healthz", handleHealthz)
	s.mux.HandleFunc("/metrics", s.handleMetrics)
	s.mux.Handle("/", staticHandler(opts.WebDir))
	return s
}

// ServeHTTP serves /echo, /healthz, /metrics and the static files.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

// Conns returns the number of WebSocket connections, counting those whose
// handshake is being answered.
func (s *Server) Conns() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// Shutdown closes every WebSocket connection with a close handshake, status
// 1001 (going away), and refuses new ones with 503. It wakes paused and
// hanging requests, then waits until every /echo request has ended or ctx is
// done, and returns ctx's error in the latter case. Calling it again waits
// again. Plain HTTP requests (/healthz, static files) are not affected: stop
// those with [http.Server.Shutdown], after this.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if !s.stopped {
		s.stopped = true
		close(s.stopping)
	}
	s.mu.Unlock()

	done := make(chan struct{})
	go func() {
		s.handlers.Wait()
		_ = s.resumer.Shutdown(context.Background()) // handlers end at once
		_ = s.refuser.Shutdown(context.Background())
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// HTTPServer returns an [http.Server] for s listening on addr, with
// ReadHeaderTimeout set to [Options.HandshakeTimeout], an IdleTimeout of two
// minutes, and its error log sent to [Options.Logger] at Warn level. It sets
// no ReadTimeout or WriteTimeout: they would cut long-lived WebSockets.
//
// WebSocket connections are hijacked, so [http.Server.Shutdown] neither
// closes nor waits for them. Shut down in this order:
//
//	err := s.Shutdown(ctx)     // close WebSockets with 1001 and wait for them
//	err2 := srv.Shutdown(ctx)  // then stop listening and drain plain HTTP
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: s.opts.HandshakeTimeout,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// enter registers an /echo request; it reports false once Shutdown was
// called. If it reports true, call s.handlers.Done when the request ends.
func (s *Server) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return false
	}
	s.handlers.Add(1)
	return true
}

// acquire takes a connection slot; it reports false when all MaxConns are
// taken. If it reports true, call release when the connection ends.
func (s *Server) acquire() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.opts.MaxConns > 0 && s.conns >= s.opts.MaxConns {
		return false
	}
	s.conns++
	return true
}

func (s *Server) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conns--
}

// wait waits for d, or until Shutdown or done; it reports whether d passed.
func (s *Server) wait(d time.Duration, done <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.stopping:
		return false
	case <-done:
		return false
	}
}
