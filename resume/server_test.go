//go:build !js

package resume

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/internal/resumeproto"
)

const window = 1 << 20

// withServer runs f in a synctest bubble with a Server running handler, and
// shuts it down after.
func withServer(t *testing.T, opts *Options, handler func(*Session), f func(srv *Server)) {
	synctest.Test(t, func(t *testing.T) {
		if opts == nil {
			opts = &Options{}
		}
		if opts.Protocols == nil {
			opts.Protocols = []string{"chat"}
		}
		srv := NewServer(handler, opts)
		f(srv)
		if err := srv.Shutdown(context.Background()); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		synctest.Wait()
	})
}

func TestNewSessionThenResume(t *testing.T) {
	withServer(t, nil, echo, func(srv *Server) {
		c := dial(t, srv)
		w := c.hello(nil, 0, window, "superchat", "chat")
		if w.Status != resumeproto.StatusNew || len(w.Token) != tokenLen || w.Epoch != 1 || w.Protocol != "chat" {
			t.Fatalf("WELCOME = status %d, token %d bytes, epoch %d, protocol %q want 0, %d, 1, chat",
				w.Status, len(w.Token), w.Epoch, w.Protocol, tokenLen)
		}
		c.data(1, 0, window, "a")
		if d := c.nextData(); d.Seq != 1 || string(d.Payload) != "a" || d.Ack != 1 {
			t.Fatalf("echo = seq %d %q ack %d want seq 1 \"a\" ack 1", d.Seq, d.Payload, d.Ack)
		}
		c.conn.CloseNow() // cut before acknowledging the echo

		c2 := dial(t, srv)
		w2 := c2.hello(w.Token, 0, window, "chat")
		if w2.Status != resumeproto.StatusResumed || w2.Epoch != 2 || w2.Ack != 1 || bytes.Equal(w2.Token, w.Token) {
			t.Fatalf("WELCOME = status %d epoch %d ack %d (token rotated: %v) want resumed, 2, 1, rotated",
				w2.Status, w2.Epoch, w2.Ack, !bytes.Equal(w2.Token, w.Token))
		}
		if d := c2.nextData(); d.Seq != 1 || string(d.Payload) != "a" {
			t.Fatalf("retransmission = seq %d %q want seq 1 \"a\"", d.Seq, d.Payload)
		}
		c2.data(1, 1, window, "a") // a retransmission the server already took: dropped
		c2.data(2, 1, window, "b")
		if d := c2.nextData(); d.Seq != 2 || string(d.Payload) != "b" {
			t.Fatalf("echo = seq %d %q want seq 2 \"b\" (no duplicate of \"a\")", d.Seq, d.Payload)
		}
	})
}

func TestHostileResumes(t *testing.T) {
	withServer(t, nil, echo, func(srv *Server) {
		c := dial(t, srv)
		t1 := c.hello(nil, 0, window).Token
		c.data(1, 0, window, "x")
		c.nextData()
		c.conn.CloseNow()

		// A WELCOME lost in a cut: the old token still works once.
		c2 := dial(t, srv)
		c2.send(resumeproto.Frame{Kind: resumeproto.KindHello, Token: t1, Limit: window})
		if w, _ := c2.recv(); w.Status != resumeproto.StatusResumed {
			t.Fatalf("resume with the current token, WELCOME unconfirmed: status %d want resumed", w.Status)
		}
		c2.conn.CloseNow()
		c3 := dial(t, srv)
		t3 := c3.hello(t1, 0, window).Token // confirmed: t1 is dead from now on
		c3.conn.CloseNow()
		synctest.Wait() // the server has read the confirmation

		testCases := []struct {
			name  string
			token []byte
			want  resumeproto.Status
		}{
			{"stale token", t1, resumeproto.StatusRefused},
			{"forged secret", append(bytes.Clone(t3[:idLen]), make([]byte, secretLen)...), resumeproto.StatusRefused},
			{"forged id", bytes.Repeat([]byte{7}, tokenLen), resumeproto.StatusUnknown},
			{"short token", bytes.Repeat([]byte{7}, 20), resumeproto.StatusRefused},
		}
		for _, tc := range testCases {
			h := dial(t, srv)
			w := h.hello(tc.token, 0, window)
			if w.Status != tc.want || w.OldAck != 0 || w.OldSent != 0 {
				t.Errorf("%s: WELCOME status %d, old %d/%d want %d, 0/0 (a fresh session, nothing told)", tc.name, w.Status, w.OldAck, w.OldSent, tc.want)
			}
			h.conn.CloseNow()
		}

		// An ack beyond what was sent is refused, and changes nothing.
		h := dial(t, srv)
		h.send(resumeproto.Frame{Kind: resumeproto.KindHello, Token: t3, Ack: 2, Limit: window})
		if f, err := h.recv(); err == nil {
			t.Fatalf("HELLO with ack 2 of 1 sent: answered %+v", f)
		}
		if code := h.closedWith(); code != resumeproto.CloseProtocol {
			t.Errorf("HELLO with ack 2 of 1 sent: closed with %d want 4400", code)
		}
		c4 := dial(t, srv)
		if w := c4.hello(t3, 1, window); w.Status != resumeproto.StatusResumed {
			t.Errorf("resume after the refused one: status %d want resumed", w.Status)
		}
	})
}

func TestViolationsClose4400(t *testing.T) {
	testCases := []struct {
		name string
		run  func(c *rawClient)
	}{
		{"text message", func(c *rawClient) {
			c.conn.Write(context.Background(), websocket.MessageText, []byte{1, 0, 0, 0, 0})
		}},
		{"first frame not HELLO", func(c *rawClient) {
			c.send(resumeproto.Frame{Kind: resumeproto.KindAck})
		}},
		{"malformed", func(c *rawClient) {
			c.conn.Write(context.Background(), websocket.MessageBinary, []byte{0x01, 0x80})
		}},
		{"sequence gap", func(c *rawClient) {
			c.hello(nil, 0, window)
			c.data(2, 0, window, "gap")
		}},
		{"ack beyond sent", func(c *rawClient) {
			c.hello(nil, 0, window)
			c.send(resumeproto.Frame{Kind: resumeproto.KindAck, Ack: 1, Limit: window})
		}},
		{"limit backwards", func(c *rawClient) {
			c.hello(nil, 0, window)
			c.send(resumeproto.Frame{Kind: resumeproto.KindAck, Limit: window - 1})
		}},
		{"beyond credit", func(c *rawClient) {
			c.hello(nil, 0, window)
			c.data(1, 0, window, string(make([]byte, window+1)))
			c.data(2, 0, window, "over")
		}},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			withServer(t, &Options{Window: window}, func(s *Session) { <-s.Done() }, func(srv *Server) {
				c := dial(t, srv)
				tc.run(c)
				if code := c.closedWith(); code != resumeproto.CloseProtocol {
					t.Errorf("closed with %d want 4400", code)
				}
			})
		})
	}
}

func TestHelloTimeout(t *testing.T) {
	withServer(t, &Options{HelloTimeout: 3 * time.Second}, echo, func(srv *Server) {
		c := dial(t, srv)
		start := time.Now()
		if code := c.closedWith(); code != resumeproto.CloseHelloTimeout {
			t.Errorf("no HELLO: closed with %d want 4408", code)
		}
		if d := time.Since(start); d != 3*time.Second {
			t.Errorf("closed after %v want 3s", d)
		}
	})
}

func TestSupersededConnection(t *testing.T) {
	withServer(t, nil, echo, func(srv *Server) {
		c := dial(t, srv)
		tok := c.hello(nil, 0, window).Token
		c2 := dial(t, srv)
		c2.hello(tok, 0, window)
		if code := c.closedWith(); code != resumeproto.CloseSuperseded {
			t.Errorf("older connection closed with %d want 4409", code)
		}
		c2.data(1, 0, window, "still here")
		if d := c2.nextData(); string(d.Payload) != "still here" {
			t.Errorf("echo on the newer connection = %q", d.Payload)
		}
	})
}

// TestExpiredSessionCounts: a session not resumed within SessionTTL
// expires; a late resume gets a new session and the exact counts.
func TestExpiredSessionCounts(t *testing.T) {
	ended := make(chan error, 1)
	handler := func(s *Session) {
		ctx := context.Background()
		for range 3 {
			s.Send(ctx, websocket.MessageText, []byte("push"))
		}
		echo(s)
		ended <- s.Err()
	}
	withServer(t, &Options{SessionTTL: time.Minute}, handler, func(srv *Server) {
		c := dial(t, srv)
		tok := c.hello(nil, 0, window).Token
		c.data(1, 0, window, "a")
		c.data(2, 0, window, "b")
		for range 5 { // 3 pushes, 2 echoes
			c.nextData()
		}
		c.conn.CloseNow()
		time.Sleep(time.Minute + time.Second)
		synctest.Wait()
		if err := <-ended; !errors.Is(err, ErrExpired) {
			t.Errorf("handler's session ended with %v want ErrExpired", err)
		}
		c2 := dial(t, srv)
		w := c2.hello(tok, 1, window)
		if w.Status != resumeproto.StatusUnknown || w.OldAck != 3 || w.OldSent != 6 {
			t.Errorf("late resume: status %d oldAck %d oldSent %d want 2, 3 (took 2), 6 (sent 5)", w.Status, w.OldAck, w.OldSent)
		}
	})
}

// TestCreditStopsServer: a client that consumes nothing gets no more than
// its credit (plus one message), and the server's Send waits.
func TestCreditStopsServer(t *testing.T) {
	const size, credit = 1000, 4096
	sent := make(chan int, 1)
	sessions := make(chan *Session, 1)
	handler := func(s *Session) {
		sessions <- s
		ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
		defer cancel()
		n := 0
		for ; n < 100; n++ {
			if s.Send(ctx, websocket.MessageBinary, make([]byte, size)) != nil {
				break
			}
		}
		sent <- n
	}
	withServer(t, &Options{Window: 1 << 20}, handler, func(srv *Server) {
		c := dial(t, srv)
		c.hello(nil, 0, credit)
		synctest.Wait()
		got := 0
		for len(c.conn.in) > 0 {
			if f, _ := c.recv(); f.Kind == resumeproto.KindData {
				got++
			}
		}
		if got != 5 { // offsets 0, 1000, …, 4000 < 4096
			t.Errorf("received %d messages of %d bytes with %d bytes of credit, want 5", got, size, credit)
		}
		if replay, _ := (<-sessions).Buffered(); replay != 5*size {
			t.Errorf("the server holds %d bytes for the client, want %d (what credit let it send)", replay, 5*size)
		}
		c.send(resumeproto.Frame{Kind: resumeproto.KindAck, Ack: 5, Limit: 200_000})
		time.Sleep(2 * time.Hour)
		if n := <-sent; n != 100 {
			t.Errorf("after more credit the handler sent %d want 100", n)
		}
	})
}

func TestByeEndsSession(t *testing.T) {
	ended := make(chan error, 1)
	withServer(t, nil, func(s *Session) { echo(s); ended <- s.Err() }, func(srv *Server) {
		c := dial(t, srv)
		tok := c.hello(nil, 0, window).Token
		c.send(resumeproto.Frame{Kind: resumeproto.KindBye})
		if err := <-ended; !errors.Is(err, ErrSessionEnded) {
			t.Errorf("after BYE the session ended with %v want ErrSessionEnded", err)
		}
		if w := dial(t, srv).hello(tok, 0, window); w.Status != resumeproto.StatusUnknown {
			t.Errorf("resume after BYE: status %d want 2 (unknown)", w.Status)
		}
	})
}
