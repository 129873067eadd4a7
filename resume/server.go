//go:build !js

package resume

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/internal/batchconn"
	"github.com/wasmws/wasmws/internal/resumeproto"
)

// Subprotocol is the name a client offers and a server selects to speak the
// protocol: "wasmws.resume.v1".
const Subprotocol = resumeproto.Subprotocol

// Conn is what a Server uses of one WebSocket connection; a
// *websocket.Conn of github.com/coder/websocket is one. Callers of
// [Server.Serve] may wrap it (to inject faults, count bytes...); a wrapper
// that embeds a *websocket.Conn must wrap Reader to see what is read.
//
// The Server reads each message through Reader, not as a whole
// (websocket.Conn.Read grows a buffer for it and copies it again): a DATA
// frame's payload goes straight into a buffer of its size.
type Conn interface {
	Reader(ctx context.Context) (websocket.MessageType, io.Reader, error)
	Write(ctx context.Context, typ websocket.MessageType, p []byte) error
	Close(code websocket.StatusCode, reason string) error
	CloseNow() error
}

// Server speaks the resume protocol to clients and gives its handler one
// [Session] per session, whatever connections carry it. Create it with
// [NewServer]; it is safe for concurrent use.
type Server struct {
	opts    Options
	log     *slog.Logger
	handler func(*Session)
	local   *MemoryStore // sessions created while Options.Store fails (failover.go)

	mu       sync.Mutex
	live     map[string]*Session // sessions whose handler runs in this process
	stopped  bool
	handlers sync.WaitGroup
}

// NewServer returns a Server that runs handler, in a goroutine of its own,
// for each new session; the session ends when handler returns (if it has
// not already). opts may be nil.
func NewServer(handler func(*Session), opts *Options) *Server {
	o := opts.withDefaults()
	local, ok := o.Store.(*MemoryStore)
	if !ok {
		local = NewMemoryStore(nil)
	}
	return &Server{opts: o, log: o.Logger, handler: handler, live: make(map[string]*Session), local: local}
}

// Offered reports whether the handshake request r offers [Subprotocol].
func Offered(r *http.Request) bool {
	for _, h := range r.Header.Values("Sec-WebSocket-Protocol") {
		for p := range strings.SplitSeq(h, ",") {
			if strings.TrimSpace(p) == Subprotocol {
				return true
			}
		}
	}
	return false
}

// ServeHTTP accepts a WebSocket handshake that offers [Subprotocol], selects
// it and serves the connection. A handshake that does not offer it is
// refused with 400; serve plain WebSockets beside it by checking [Offered]
// first.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !Offered(r) {
		http.Error(w, "wasmws: this endpoint needs the subprotocol "+Subprotocol, http.StatusBadRequest)
		return
	}
	conn, nc, err := batchconn.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{Subprotocol}})
	if err != nil {
		s.log.Warn("resume: handshake failed", "remote", r.RemoteAddr, "err", err)
		return
	}
	defer conn.CloseNow()
	conn.SetReadLimit(s.opts.ReadLimit)
	s.Serve(r.Context(), batchedConn{Conn: conn, net: nc})
}

// Serve runs one connection whose handshake selected [Subprotocol] until it
// ends: the opening exchange, then the session's traffic. It returns when
// the connection is closed; the session lives on until it is resumed,
// expires or ends. If the connection creates a session, ctx's values (not
// its cancellation) become the session's [Session.Context].
func (s *Server) Serve(ctx context.Context, conn Conn) {
	c := &connection{srv: s, conn: conn, ctx: context.WithoutCancel(ctx)}
	c.run()
}

// Shutdown ends every session handled in this process: attached
// connections are closed with 1001 (no BYE), and the sessions are left in
// the store, detached, so that a client may resume its session on another
// process sharing the store within SessionTTL; handlers see
// [ErrSessionEnded], and
// Shutdown waits for them to return or for ctx to end. New sessions are
// refused with 4503 from then on.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.stopped = true
	live := make([]*Session, 0, len(s.live))
	for _, sess := range s.live {
		live = append(live, sess)
	}
	s.mu.Unlock()
	for _, sess := range live {
		sess.handOver()
	}
	done := make(chan struct{})
	go func() {
		s.handlers.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// start registers sess and runs the handler; it reports false after
// Shutdown.
func (s *Server) start(sess *Session) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return false
	}
	s.live[sess.id] = sess
	s.handlers.Add(1)
	go func() {
		defer s.handlers.Done()
		s.handler(sess)
		sess.Close()
	}()
	return true
}

// lookup returns the live session id, or nil.
func (s *Server) lookup(id string) *Session {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.live[id]
}

// forget removes an ended session.
func (s *Server) forget(sess *Session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.live[sess.id] == sess {
		delete(s.live, sess.id)
	}
}

// PayloadReserver may be implemented by the reader a [Conn]'s Reader
// returns: before the Server takes a buffer for a DATA payload of n bytes,
// it calls ReservePayload(n), and an error ends the read with it (the
// connection failed). A server charges the payload to a memory budget so,
// before its bytes arrive (a peer may declare a length and send nothing
// more).
type PayloadReserver interface {
	ReservePayload(n int) error
}
