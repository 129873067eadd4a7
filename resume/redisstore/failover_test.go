//go:build !js

package redisstore

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/internal/resumeproto"
	"github.com/wasmws/wasmws/internal/testredis"
	"github.com/wasmws/wasmws/resume"
)

// The failure tests: Redis unavailable, or restarted without its data. A
// server on the Redis store goes on serving: new sessions are made (in its
// own memory while Redis is down), and a resume it cannot honour is
// answered as not resumed, with the counts of the session it ran. Every
// step runs under a deadline far above the store's timeout, so that a
// hang fails the test instead of stalling it.

const (
	testWindow = 1 << 20
	// frozenTimeout is the store's per-call deadline in TestRedisFrozen,
	// where every call runs into it. The other tests keep the default (2 s):
	// with a deadline this short, a Redis slowed by a loaded machine made
	// their store fall back to memory and their resume statuses change.
	frozenTimeout = 200 * time.Millisecond
	stepTimeout   = 20 * time.Second // a hang, not a slow step
)

// node is a resume.Server echoing each message, on a Redis store whose
// per-call deadline is timeout (0: the default), behind an HTTP test server.
type node struct {
	url string
}

func newNode(t *testing.T, redisURL string, timeout time.Duration) node {
	t.Helper()
	store := newTestStore(t, redisURL, &Options{Timeout: timeout, Prefix: "{" + t.Name() + "}:"})
	srv := resume.NewServer(echoHandler, &resume.Options{Store: store})
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), stepTimeout)
		defer cancel()
		srv.Shutdown(ctx)
		hs.Close()
	})
	return node{url: "ws" + strings.TrimPrefix(hs.URL, "http")}
}

func echoHandler(sess *resume.Session) {
	ctx := context.Background()
	for {
		typ, p, err := sess.Receive(ctx)
		if err != nil || sess.Send(ctx, typ, p) != nil {
			return
		}
	}
}

// client is a raw protocol client with the state a real one keeps: token,
// messages sent and echoes received.
type client struct {
	t      *testing.T
	conn   *websocket.Conn
	token  []byte
	sent   uint64 // seq of the last message sent
	echoed uint64 // seq of the last echo received
}

// connect opens a connection to n and exchanges HELLO and WELCOME.
func (c *client) connect(n node) resumeproto.Frame {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), stepTimeout)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, n.url, &websocket.DialOptions{Subprotocols: []string{resume.Subprotocol}})
	if err != nil {
		c.t.Fatalf("dial: %v", err)
	}
	c.t.Cleanup(func() { conn.CloseNow() })
	c.conn = conn
	c.write(ctx, resumeproto.Frame{Kind: resumeproto.KindHello, Token: c.token, Ack: c.echoed, Limit: testWindow})
	w := c.read(ctx)
	if w.Kind != resumeproto.KindWelcome {
		c.t.Fatalf("first frame %v want WELCOME", w.Kind)
	}
	c.token = w.Token
	if w.Status != resumeproto.StatusResumed {
		c.sent, c.echoed = 0, 0 // a new session: numbering starts again
	}
	c.write(ctx, resumeproto.Frame{Kind: resumeproto.KindAck, Ack: c.echoed, Limit: testWindow})
	return w
}

func (c *client) write(ctx context.Context, f resumeproto.Frame) {
	c.t.Helper()
	if err := c.conn.Write(ctx, websocket.MessageBinary, resumeproto.Append(nil, &f)); err != nil {
		c.t.Fatalf("write %v: %v", f.Kind, err)
	}
}

func (c *client) read(ctx context.Context) resumeproto.Frame {
	c.t.Helper()
	_, p, err := c.conn.Read(ctx)
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	f, err := resumeproto.Parse(p)
	if err != nil {
		c.t.Fatalf("bad frame: %v", err)
	}
	return f
}

// echo sends n messages and waits for their echoes.
func (c *client) echo(n int) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), stepTimeout)
	defer cancel()
	for range n {
		c.sent++
		c.write(ctx, resumeproto.Frame{Kind: resumeproto.KindData, Type: resumeproto.TypeText, Seq: c.sent, Ack: c.echoed, Limit: testWindow, Payload: []byte(fmt.Sprint(c.sent))})
	}
	for c.echoed < c.sent {
		f := c.read(ctx)
		if f.Kind != resumeproto.KindData {
			continue
		}
		if f.Seq != c.echoed+1 || string(f.Payload) != fmt.Sprint(f.Seq) {
			c.t.Fatalf("echo seq %d %q want %d", f.Seq, f.Payload, c.echoed+1)
		}
		c.echoed = f.Seq
	}
}

// cut drops the connection without a close handshake.
func (c *client) cut() { c.conn.CloseNow() }

// checkNotResumed checks a WELCOME that did not resume: status unknown,
// with the counts of a session that took and sent n messages.
func checkNotResumed(t *testing.T, w resumeproto.Frame, n uint64) {
	t.Helper()
	if w.Status != resumeproto.StatusUnknown || w.OldAck != n+1 || w.OldSent != n+1 {
		t.Errorf("WELCOME = status %d, old ack %d, old sent %d want not resumed (%d) with counts %d, %d (value+1)",
			w.Status, w.OldAck, w.OldSent, resumeproto.StatusUnknown, n+1, n+1)
	}
}

// TestRedisRestartedEmpty: Redis restarts without its data under a live
// session. The session goes on while connected; its resume is answered as
// not resumed with its exact counts, and the new session works.
func TestRedisRestartedEmpty(t *testing.T) {
	r := testredis.Start(t)
	n := newNode(t, r.URL(), 0)
	c := &client{t: t}
	if w := c.connect(n); w.Status != resumeproto.StatusNew {
		t.Fatalf("first WELCOME status %d want new", w.Status)
	}
	c.echo(5)
	r.Restart()
	c.echo(3) // the session's store writes fail now; it carries on here
	c.cut()
	checkNotResumed(t, c.connect(n), 8)
	c.echo(4)
	c.cut()
	if w := c.connect(n); w.Status != resumeproto.StatusResumed {
		t.Errorf("resume of the session made after the restart: status %d want resumed", w.Status)
	}
	c.echo(2)
}

// TestRedisDown: with Redis stopped, a new session is made (in the
// server's memory) and resumes on the same server; a session that was in
// Redis is answered as not resumed with its counts. Once Redis is back,
// new sessions are in Redis again.
func TestRedisDown(t *testing.T) {
	r := testredis.Start(t)
	n := newNode(t, r.URL(), 0)
	old := &client{t: t}
	old.connect(n)
	old.echo(6)
	old.cut()
	r.Stop()

	c := &client{t: t}
	if w := c.connect(n); w.Status != resumeproto.StatusNew {
		t.Fatalf("WELCOME with Redis down: status %d want new", w.Status)
	}
	c.echo(3)
	c.cut()
	if w := c.connect(n); w.Status != resumeproto.StatusResumed {
		t.Errorf("resume of a session made while Redis is down: status %d want resumed", w.Status)
	}
	c.echo(3)

	checkNotResumed(t, old.connect(n), 6)
	old.echo(2)

	r.Restart()
	fresh := &client{t: t}
	fresh.connect(n)
	fresh.echo(1)
	store := newTestStore(t, r.URL(), &Options{Prefix: "{" + t.Name() + "}:"})
	if sessions, _, _, err := store.Usage(context.Background()); err != nil || sessions != 1 {
		t.Errorf("sessions in Redis after it came back = %d, %v want 1 (the new one)", sessions, err)
	}
}

// TestRedisDownOtherNode: a session resumed on another server while Redis
// is down cannot be found there: not resumed, counts unknown, and a new
// session that works.
func TestRedisDownOtherNode(t *testing.T) {
	r := testredis.Start(t)
	a, b := newNode(t, r.URL(), 0), newNode(t, r.URL(), 0)
	c := &client{t: t}
	c.connect(a)
	c.echo(4)
	c.cut()
	r.Stop()
	w := c.connect(b)
	if w.Status != resumeproto.StatusUnknown || w.OldAck != 0 || w.OldSent != 0 {
		t.Errorf("WELCOME on another server with Redis down = status %d, counts %d, %d want not resumed, counts unknown (0, 0)", w.Status, w.OldAck, w.OldSent)
	}
	c.echo(2)
}

// TestTakeOverOnRedis: the session moves between two servers sharing one
// Redis at every reconnection, each message echoed once and in order.
func TestTakeOverOnRedis(t *testing.T) {
	r := testredis.Start(t)
	nodes := []node{newNode(t, r.URL(), 0), newNode(t, r.URL(), 0), newNode(t, r.URL(), 0)}
	c := &client{t: t}
	c.connect(nodes[0])
	for i := range 9 {
		c.echo(5)
		c.cut()
		if w := c.connect(nodes[(i+1)%3]); w.Status != resumeproto.StatusResumed {
			t.Fatalf("reconnection %d: status %d want resumed", i+1, w.Status)
		}
	}
	c.echo(5)
	if c.echoed != 50 {
		t.Errorf("%d echoed want 50", c.echoed)
	}
}

// TestRedisFrozen: Redis stops answering (SIGSTOP) under a live session.
// Every store call ends at its deadline: the session goes on, a new session
// is made, and the old one's resume is answered as not resumed with its
// counts.
func TestRedisFrozen(t *testing.T) {
	r := testredis.Start(t)
	n := newNode(t, r.URL(), frozenTimeout)
	c := &client{t: t}
	c.connect(n)
	c.echo(3)
	r.Freeze()
	defer r.Thaw()
	c.echo(2)
	c.cut()
	checkNotResumed(t, c.connect(n), 5)
	c.echo(2)
	fresh := &client{t: t}
	if w := fresh.connect(n); w.Status != resumeproto.StatusNew {
		t.Errorf("WELCOME with Redis frozen: status %d want new", w.Status)
	}
	fresh.echo(1)
}
