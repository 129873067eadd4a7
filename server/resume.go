//go:build !js

package server

import (
	"context"
	"net/http"

	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/internal/resumeproto"
	"github.com/wasmws/wasmws/resume"
)

// Resume mode on /echo: a client that offers the subprotocol
// wasmws.resume.v1 gets it selected (unless the protocol parameter says
// otherwise), and its session echoes every message exactly once across
// reconnections (package resume). The fault parameters act on each
// connection: drop and close count the DATA frames read on it, pause stops
// reading after HELLO, delay delays every frame written, push sends its
// messages when the session is created, through the client's credit.

// faultsKey carries a connection's faults to the session it creates.
type faultsKey struct{}

// expireKey carries the resume-only parameter expire=N: after echoing N
// messages the session expires at once (the client's next resume is
// answered as not resumed, with counts).
type expireKey struct{}

// newResumeServer returns the resume.Server behind /echo.
func newResumeServer(opts Options) *resume.Server {
	return resume.NewServer(echoSession, &resume.Options{
		Protocols: opts.Subprotocols,
		Logger:    opts.Logger,
	})
}

// echoSession is the handler of each session: push, then echo every
// message once, until the session ends.
func echoSession(sess *resume.Session) {
	ctx := context.Background()
	if f, ok := sess.Context().Value(faultsKey{}).(faults); ok {
		if err := pushMessages(ctx, sessionWriter{sess}, f); err != nil {
			return
		}
	}
	expireAfter, expire := sess.Context().Value(expireKey{}).(int)
	for n := 0; ; n++ {
		if expire && n == expireAfter {
			sess.Expire()
			return
		}
		typ, p, err := sess.Receive(ctx)
		if err != nil {
			return
		}
		if err := sess.Send(ctx, typ, p); err != nil {
			return
		}
	}
}

// sessionWriter lets pushMessages write to a session.
type sessionWriter struct{ *resume.Session }

func (w sessionWriter) Write(ctx context.Context, typ websocket.MessageType, p []byte) error {
	return w.Send(ctx, typ, p)
}

// serveResume serves a connection that selected resume mode, with the
// faults f asks for (see above). If resumed is not nil, the connection
// reads nothing after HELLO until it is closed.
func (s *Server) serveResume(r *http.Request, conn *websocket.Conn, f faults, resumed <-chan struct{}) {
	defer conn.CloseNow()
	defer s.closeOnShutdown(conn)()
	conn.SetReadLimit(s.opts.ReadLimit)
	ctx := context.WithValue(r.Context(), faultsKey{}, f)
	if v := r.URL.Query().Get("expire"); v != "" {
		n, err := parseCount("expire", v, maxPush)
		if err != nil {
			_ = conn.Close(websocket.StatusPolicyViolation, err.Error())
			return
		}
		ctx = context.WithValue(ctx, expireKey{}, n)
	}
	s.resumer.Serve(ctx, &faultConn{Conn: conn, s: s, f: f, resumed: resumed})
}

// faultConn injects a connection's faults into what the resume server
// reads and writes.
type faultConn struct {
	*websocket.Conn
	s       *Server
	f       faults
	resumed <-chan struct{}
	reads   int // frames read
	data    int // DATA frames read
}

// Read applies drop, close and pause before each read after the first
// (HELLO).
func (c *faultConn) Read(ctx context.Context) (websocket.MessageType, []byte, error) {
	if c.reads > 0 {
		switch {
		case c.f.drop && c.data >= c.f.dropAfter:
			c.Conn.CloseNow()
			return 0, nil, errDropped
		case c.f.closeCode != 0 && c.data >= c.f.closeAfter:
			c.Conn.Close(c.f.closeCode, c.f.reason)
			return 0, nil, errDropped
		}
		if c.resumed != nil {
			if !c.s.waitResume(c.Conn, c.resumed) {
				return 0, nil, errDropped
			}
			c.resumed = nil
		}
	}
	typ, p, err := c.Conn.Read(ctx)
	if err == nil {
		c.reads++
		if len(p) > 0 && p[0] == byte(resumeproto.KindData) {
			c.data++
			c.s.reads.Add(1)
		}
	}
	return typ, p, err
}

// Write applies delay before each DATA frame.
func (c *faultConn) Write(ctx context.Context, typ websocket.MessageType, p []byte) error {
	if c.f.delay > 0 && len(p) > 0 && p[0] == byte(resumeproto.KindData) && !c.s.wait(c.f.delay, nil) {
		return errDropped
	}
	return c.Conn.Write(ctx, typ, p)
}

// errDropped ends a connection cut by a fault.
var errDropped = errorString("wasmws server: connection cut as asked")

type errorString string

func (e errorString) Error() string { return string(e) }
