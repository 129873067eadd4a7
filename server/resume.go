//go:build !js

package server

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/internal/batchconn"
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

// Resume-only parameters that act on each connection:
//
//   - cut=N: after writing N DATA frames, write half of the next one (a
//     first fragment) and cut the TCP connection: a cut in the middle of a
//     message.
//   - stall=N: after reading N DATA frames, stop reading and writing for
//     stallTime, then cut the TCP connection.
const stallTime = 50 * time.Millisecond

// connFaults are the resume-only faults of one connection; -1: off.
type connFaults struct {
	cut, stall int
}

// parseConnFaults reads cut and stall from the query.
func parseConnFaults(q url.Values) (connFaults, error) {
	cf := connFaults{cut: -1, stall: -1}
	for _, p := range []struct {
		key string
		v   *int
	}{{"cut", &cf.cut}, {"stall", &cf.stall}} {
		if v := q.Get(p.key); v != "" {
			n, err := parseCount(p.key, v, maxPush)
			if err != nil {
				return cf, err
			}
			*p.v = n
		}
	}
	return cf, nil
}

// newResumeServer returns the resume.Server behind /echo; with
// refuseWithClose, the one behind refuse=close (refuse.go).
func newResumeServer(opts Options, refuseWithClose bool) *resume.Server {
	return resume.NewServer(echoSession, &resume.Options{
		Store:           opts.ResumeStore,
		Protocols:       opts.Subprotocols,
		Logger:          opts.Logger,
		RefuseWithClose: refuseWithClose,
	})
}

// echoSession is the handler of each session: push, then echo every
// message once, until the session ends.
func echoSession(sess *resume.Session) {
	ctx := context.Background()
	// A session taken over from another server pushed already there.
	if f, ok := sess.Context().Value(faultsKey{}).(faults); ok && !sess.Adopted() {
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
		if err := sess.SendOwned(ctx, typ, p); err != nil { // p is ours: no copy
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
func (s *Server) serveResume(r *http.Request, conn *websocket.Conn, nc *batchconn.Conn, f faults, resumed <-chan struct{}) {
	defer conn.CloseNow()
	defer s.closeOnShutdown(conn)()
	conn.SetReadLimit(s.opts.ReadLimit)
	ctx := context.WithValue(r.Context(), faultsKey{}, f)
	cf, err := parseConnFaults(r.URL.Query())
	if err != nil {
		_ = conn.Close(websocket.StatusPolicyViolation, err.Error())
		return
	}
	if v := r.URL.Query().Get("expire"); v != "" {
		n, err := parseCount("expire", v, maxPush)
		if err != nil {
			_ = conn.Close(websocket.StatusPolicyViolation, err.Error())
			return
		}
		ctx = context.WithValue(ctx, expireKey{}, n)
	}
	rp, err := parseRefuseParams(r.URL.Query())
	if err != nil {
		_ = conn.Close(websocket.StatusPolicyViolation, err.Error())
		return
	}
	s.resumerFor(rp).Serve(ctx, &faultConn{Conn: conn, net: nc, s: s, f: f, cf: cf, resumed: resumed, forge: rp.forge, confirmed: make(chan struct{})})
}

// faultConn injects a connection's faults into what the resume server
// reads and writes.
type faultConn struct {
	*websocket.Conn
	net     *batchconn.Conn // under Conn: batches writes (resume.Batcher)
	s       *Server
	f       faults
	cf      connFaults
	resumed <-chan struct{}
	reads   int           // frames read
	clock   *messageClock // MessageTimeout of the message being read
	// kind and budget read the message being read: one of each per
	// connection, not per message.
	kind    kindReader
	budget  budgetReader
	data    atomic.Int64 // DATA frames read; Write reads it for stall
	written int          // DATA frames written
	// confirmed is closed once the client's second frame (its confirmation
	// of WELCOME) is read: a cut due before then waits for it, so that the
	// backlog the session writes right after WELCOME cannot cut a
	// connection before it opened (a resume that makes no progress,
	// attempt after attempt), while each connection still carries at most
	// cut echoes.
	confirmed chan struct{}
	forge     bool // forge=1: HELLO's token is read changed (refuse.go)
}

// Reader applies drop, close and pause before each read after the first
// (HELLO), and counts the DATA frames read.
func (c *faultConn) Reader(ctx context.Context) (websocket.MessageType, io.Reader, error) {
	if c.reads > 0 {
		switch {
		case c.f.drop && c.data.Load() >= int64(c.f.dropAfter):
			c.Conn.CloseNow()
			return 0, nil, errDropped
		case c.f.closeCode != 0 && c.data.Load() >= int64(c.f.closeAfter):
			c.Conn.Close(c.f.closeCode, c.f.reason)
			return 0, nil, errDropped
		case c.stalled():
			return 0, nil, c.stallThenCut(ctx)
		}
		if c.resumed != nil {
			if !c.s.waitResume(c.Conn, c.resumed) {
				return 0, nil, errDropped
			}
			c.resumed = nil
		}
	}
	typ, r, err := c.Conn.Reader(ctx)
	if err == nil && c.reads == 0 && c.forge {
		r, err = forgeHello(r)
	}
	if err != nil {
		return 0, nil, err
	}
	c.reads++
	if c.reads == 2 {
		close(c.confirmed)
	}
	if c.clock == nil {
		c.clock = c.s.newMessageClock(c.Conn)
	}
	c.kind = kindReader{r: r, c: c}
	if err := c.s.readWithinBudget(ctx, c.Conn, c.clock, &c.kind, &c.budget); err != nil {
		return 0, nil, err
	}
	return typ, &c.budget, nil
}

// kindReader counts its message as a DATA frame read when the first byte
// says so.
type kindReader struct {
	r    io.Reader
	c    *faultConn
	seen bool
}

func (k *kindReader) Read(p []byte) (int, error) {
	n, err := k.r.Read(p)
	if n > 0 && !k.seen {
		k.seen = true
		if p[0] == byte(resumeproto.KindData) {
			k.c.data.Add(1)
			k.c.s.reads.Add(1)
		}
	}
	return n, err
}

// Batch implements resume.Batcher, but for a connection with delay (each
// DATA frame is delayed on its own).
func (c *faultConn) Batch(on bool) { c.net.Batch(on && c.f.delay == 0) }

// Flush implements resume.Batcher.
func (c *faultConn) Flush() error { return c.net.Flush() }

// Write applies stall to every frame, then delay before each DATA frame,
// and cut (once the client confirmed WELCOME).
func (c *faultConn) Write(ctx context.Context, typ websocket.MessageType, p []byte) error {
	if c.stalled() {
		// Nothing more is written, not even an ACK. The session's writer
		// cuts the connection when Write fails, so Write fails only once
		// the stall is over, as the reader's does.
		return c.stallThenCut(ctx)
	}
	if len(p) == 0 || p[0] != byte(resumeproto.KindData) {
		return c.Conn.Write(ctx, typ, p)
	}
	if c.f.delay > 0 && !c.s.wait(c.f.delay, nil) {
		return errDropped
	}
	if c.cf.cut >= 0 && c.written >= c.cf.cut {
		c.waitConfirmed(ctx)
		c.net.Batch(false)
		if w, err := c.Conn.Writer(ctx, typ); err == nil {
			w.Write(p[:len(p)/2]) // a first fragment, never finished
			// The fragment waits in the write buffer until a final frame
			// flushes it: a ping (control frames may come between
			// fragments) does. Its pong is not awaited.
			pctx, cancel := context.WithTimeout(ctx, stallTime)
			c.Conn.Ping(pctx)
			cancel()
		}
		c.Conn.CloseNow()
		return errDropped
	}
	c.written++
	return c.Conn.Write(ctx, typ, p)
}

// stalled reports whether stall applies: the connection has read its N
// DATA frames.
func (c *faultConn) stalled() bool {
	return c.cf.stall >= 0 && c.data.Load() >= int64(c.cf.stall)
}

// stallThenCut waits out stallTime (or ctx), then cuts the connection, and
// returns errDropped: what the reader and the writer of a stalled
// connection both do, whichever comes to it first.
func (c *faultConn) stallThenCut(ctx context.Context) error {
	c.s.wait(stallTime, ctx.Done())
	c.Conn.CloseNow()
	return errDropped
}

// waitConfirmed waits until the client confirmed WELCOME, for at most
// confirmWait (a client that never confirms is cut all the same).
func (c *faultConn) waitConfirmed(ctx context.Context) {
	t := time.NewTimer(confirmWait)
	defer t.Stop()
	select {
	case <-c.confirmed:
	case <-ctx.Done():
	case <-t.C:
	}
}

// confirmWait bounds how long a due cut waits for the client's confirmation
// of WELCOME.
const confirmWait = 2 * time.Second

// errDropped ends a connection cut by a fault.
var errDropped = errorString("wasmws server: connection cut as asked")

type errorString string

func (e errorString) Error() string { return string(e) }
