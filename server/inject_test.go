//go:build !js

package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/internal/resumeproto"
)

// Tests of each fault parameter, end to end, with a coder/websocket client.

func TestCloseFault(t *testing.T) {
	t.Parallel()
	testCases := []struct {
		query      string
		echoes     int
		wantCode   websocket.StatusCode
		wantReason string
	}{
		{"close=1000", 0, 1000, ""},
		{"close=4000&reason=bye&after=0", 0, 4000, "bye"},
		{"close=4999&reason=after%20two&after=2", 2, 4999, "after two"},
		{"close=1003&reason=no", 1, 1003, "no"}, // after defaults to 0, but a message may arrive first
		{"close=1011&after=3", 3, 1011, ""},
		{"close=3000&reason=" + strings.Repeat("r", 123), 0, 3000, strings.Repeat("r", 123)},
		{"close=1007", 0, 1007, ""},
		{"close=1014", 0, 1014, ""},
	}
	for _, tc := range testCases {
		t.Run(tc.query, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, Options{})
			ctx := testContext(t)
			c := ts.dial(ctx, t, tc.query, nil)
			if tc.query == "close=1003&reason=no" {
				// The close is sent right after open: a message sent now is
				// not echoed, and the close still arrives.
				write(ctx, t, c, message{websocket.MessageText, "too late"})
			} else {
				for i := range tc.echoes {
					expectEcho(ctx, t, c, message{websocket.MessageText, fmt.Sprint("m", i)})
				}
			}
			expectClose(ctx, t, c, tc.wantCode, tc.wantReason)
		})
	}
}

func TestDropFault(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, 3} {
		t.Run(fmt.Sprint("drop=", n), func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, Options{})
			ctx := testContext(t)
			c := ts.dial(ctx, t, fmt.Sprint("drop=", n), nil)
			for i := range n {
				expectEcho(ctx, t, c, message{websocket.MessageBinary, fmt.Sprint(i)})
			}
			expectClose(ctx, t, c, -1, "")
		})
	}
}

func TestDropWinsOverClose(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Options{})
	ctx := testContext(t)
	c := ts.dial(ctx, t, "drop=1&close=4000&after=1", nil)
	expectEcho(ctx, t, c, message{websocket.MessageText, "x"})
	expectClose(ctx, t, c, -1, "")
}

// TestDelayFault: delay=D sends each echo D after its message arrived, in
// order.
func TestDelayFault(t *testing.T) {
	t.Parallel()
	const n, delay = 3, time.Second
	inBubble(t, Options{}, func(t *testing.T, ts *testServer, ctx context.Context) {
		c := ts.dial(ctx, t, fmt.Sprint("delay=", delay), nil)
		start := time.Now()
		go func() { // a pipe buffers nothing: each write waits for the server to read
			for i := range n {
				if err := c.Write(ctx, websocket.MessageText, []byte(fmt.Sprint(i))); err != nil {
					t.Errorf("Write %d: %v", i, err)
					return
				}
			}
		}()
		for i := range n {
			if got, want := read(ctx, t, c), (message{websocket.MessageText, fmt.Sprint(i)}); got != want {
				t.Fatalf("echo %d = %q want %q", i, got.data, want.data)
			}
			// The server reads message i once echo i-1 is read.
			if got, want := time.Since(start), time.Duration(i+1)*delay; got != want {
				t.Errorf("echo %d came after %v want %v", i, got, want)
			}
		}
	})
}

func TestPauseResume(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Options{})
	ctx := testContext(t)
	paused := ts.dial(ctx, t, "pause=k", nil)
	sent := []message{
		{websocket.MessageText, "one"},
		{websocket.MessageBinary, "two"},
		{websocket.MessageText, strings.Repeat("3", 100<<10)},
	}
	for _, m := range sent {
		write(ctx, t, paused, m) // the kernel buffers them
	}
	// The paused connection has read nothing. (This holds however long one
	// waits: the connection reads only after resume.)
	if got := ts.reads.Load(); got != 0 {
		t.Fatalf("messages read while paused = %d want 0", got)
	}

	// A resume is a connection too; it then echoes like any other.
	resumer := ts.dial(ctx, t, "resume=k", nil)
	for i, want := range sent {
		if got := read(ctx, t, paused); got != want {
			t.Fatalf("echo %d after resume = %v %q, want %v %q", i, got.typ, abbrev(got.data), want.typ, abbrev(want.data))
		}
	}
	expectEcho(ctx, t, resumer, message{websocket.MessageText, "resumer echoes"})
	expectEcho(ctx, t, paused, message{websocket.MessageText, "still echoes"})
}

func TestResumeKeys(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Options{})
	ctx := testContext(t)
	a1 := ts.dial(ctx, t, "pause=a", nil)
	a2 := ts.dial(ctx, t, "pause=a&tag=2", nil)
	b := ts.dial(ctx, t, "pause=b", nil)
	for _, c := range []*websocket.Conn{a1, a2, b} {
		write(ctx, t, c, message{websocket.MessageText, "queued"})
	}

	// resume=a with pause=a2 resumes a1 and a2, then pauses itself.
	self := ts.dial(ctx, t, "resume=a&pause=a2", nil)
	for i, c := range []*websocket.Conn{a1, a2} {
		if got := read(ctx, t, c); got.data != "queued" {
			t.Fatalf("a%d: echo = %q want %q", i+1, got.data, "queued")
		}
	}
	// b is still paused: exactly the two messages of a1 and a2 were read.
	if got := ts.reads.Load(); got != 2 {
		t.Fatalf("messages read = %d want 2 (b must still be paused)", got)
	}

	// A resume of a key nobody holds does nothing, and a later pause with it
	// waits for a later resume.
	ts.dial(ctx, t, "resume=none", nil)
	ts.dial(ctx, t, "resume=b", nil)
	if got := read(ctx, t, b); got.data != "queued" {
		t.Fatalf("b: echo = %q want %q", got.data, "queued")
	}
	write(ctx, t, self, message{websocket.MessageText, "self"})
	ts.dial(ctx, t, "resume=a2", nil)
	if got := read(ctx, t, self); got.data != "self" {
		t.Fatalf("self: echo = %q want %q", got.data, "self")
	}
	ts.mu.Lock()
	gates := len(ts.gates)
	ts.mu.Unlock()
	if gates != 0 {
		t.Errorf("gates left = %d want 0", gates)
	}
}

func TestPushFault(t *testing.T) {
	t.Parallel()
	testCases := []struct {
		query string
		n     int
		size  int
		typ   websocket.MessageType
	}{
		{"push=3&size=5", 3, 5, websocket.MessageBinary},
		{"push=300&size=3&pushtype=binary", 300, 3, websocket.MessageBinary},
		{"push=30&size=7&pushtype=text", 30, 7, websocket.MessageText},
		{"push=2", 2, 0, websocket.MessageBinary},
		{"push=2&pushtype=text", 2, 0, websocket.MessageText},
		{"push=0&size=9", 0, 9, websocket.MessageBinary},
		{"push=2&size=2000000", 2, 2000000, websocket.MessageBinary},
	}
	for _, tc := range testCases {
		t.Run(tc.query, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, Options{})
			ctx := testContext(t)
			c := ts.dial(ctx, t, tc.query, nil)
			for i := range tc.n {
				want := make([]byte, tc.size)
				for j := range want {
					if tc.typ == websocket.MessageText {
						want[j] = 'a' + byte((i+j)%26)
					} else {
						want[j] = byte(i + j)
					}
				}
				got := read(ctx, t, c)
				if got.typ != tc.typ || got.data != string(want) {
					t.Fatalf("pushed message %d = %v %q, want %v %q", i, got.typ, abbrev(got.data), tc.typ, abbrev(string(want)))
				}
			}
			expectEcho(ctx, t, c, message{websocket.MessageText, "after the push"})
		})
	}
}

func TestPushThenClose(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Options{})
	ctx := testContext(t)
	c := ts.dial(ctx, t, "push=2&size=1&close=4001&reason=done", nil)
	for i := range 2 {
		if got := read(ctx, t, c); got.data != string([]byte{byte(i)}) {
			t.Fatalf("pushed message %d = %q want %q", i, got.data, []byte{byte(i)})
		}
	}
	expectClose(ctx, t, c, 4001, "done")
}

func TestRejectFault(t *testing.T) {
	t.Parallel()
	for _, status := range []int{400, 401, 404, 418, 500, 503, 599} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, Options{})
			ctx := testContext(t)
			_, resp, err := ts.dialErr(ctx, t, fmt.Sprint("reject=", status), nil)
			if err == nil {
				t.Fatal("Dial succeeded, want it refused")
			}
			if resp == nil || resp.StatusCode != status {
				t.Fatalf("Dial response = %v, want status %d", resp, status)
			}
			if got := ts.Conns(); got != 0 {
				t.Errorf("Conns() = %d want 0", got)
			}
		})
	}
}

func TestHangFault(t *testing.T) {
	t.Parallel()
	t.Run("client gives up", func(t *testing.T) {
		t.Parallel()
		inBubble(t, Options{}, func(t *testing.T, ts *testServer, ctx context.Context) {
			ctx, cancel := context.WithTimeout(ctx, time.Second)
			defer cancel()
			_, _, err := ts.dialErr(ctx, t, "hang=1m", nil)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Dial error = %v, want %v", err, context.DeadlineExceeded)
			}
			// The handler ends too, before Shutdown would end it.
			synctest.Wait()
			if got := ts.metrics.rejects[rejectShutdown].Load(); got != 1 {
				t.Errorf("hangs cut short = %d want 1", got)
			}
		})
	})
	t.Run("hang then open", func(t *testing.T) {
		t.Parallel()
		const hang = 30 * time.Second
		inBubble(t, Options{}, func(t *testing.T, ts *testServer, ctx context.Context) {
			start := time.Now()
			c := ts.dial(ctx, t, fmt.Sprint("hang=", hang), nil)
			if got := time.Since(start); got != hang {
				t.Errorf("opened after %v want %v", got, hang)
			}
			expectEcho(ctx, t, c, message{websocket.MessageText, "late but fine"})
		})
	})
}

func TestBadQuery(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Options{})
	for _, query := range []string{
		"close=999", "drop=x", "delay=forever", "pause=", "push=-1", "reject=200",
		"hang=2m", "protocol=a%20b", "size=1", "close=1000&close=1000",
	} {
		t.Run(query, func(t *testing.T) {
			t.Parallel()
			resp, body := ts.get(t, "/echo?"+query, nil)
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("status = %d want 400", resp.StatusCode)
			}
			if !strings.HasPrefix(body, "wasmws server: ") || strings.Count(body, "\n") != 1 {
				t.Errorf("body = %q, want one line starting %q", body, "wasmws server: ")
			}
			// Checked before the upgrade: a WebSocket client gets 400 too.
			_, resp, err := ts.dialErr(testContext(t), t, query, nil)
			if err == nil || resp == nil || resp.StatusCode != http.StatusBadRequest {
				t.Errorf("Dial: response %v, error %v, want status 400", resp, err)
			}
		})
	}
}

// TestResumeStallFault: stall=N, after the server read N DATA frames, writes
// nothing, neither the echo of the Nth nor an ACK, and reads nothing, for
// stallTime, then cuts the connection without a close frame.
func TestResumeStallFault(t *testing.T) {
	t.Parallel()
	inBubble(t, Options{}, func(t *testing.T, ts *testServer, ctx context.Context) {
		c := openResume(ctx, t, ts, "stall=2")
		send := func(seq uint64) {
			f := resumeproto.Frame{Kind: resumeproto.KindData, Type: resumeproto.TypeBinary, Seq: seq, Limit: 1 << 20, Payload: []byte{byte(seq)}}
			if err := c.Write(ctx, websocket.MessageBinary, resumeproto.Append(nil, &f)); err != nil {
				t.Fatalf("Write of DATA %d: %v", seq, err)
			}
		}
		send(1)
		for { // the echo of DATA 1: before the stall
			_, p, err := c.Read(ctx)
			if err != nil {
				t.Fatalf("Read before the stall: %v", err)
			}
			if f, _ := resumeproto.Parse(p); f.Kind == resumeproto.KindData {
				break
			}
		}
		send(2)
		start := time.Now()
		_, p, err := c.Read(ctx)
		if err == nil {
			f, _ := resumeproto.Parse(p)
			t.Fatalf("a frame of kind %v %v after the second DATA, want none before the cut", f.Kind, time.Since(start))
		}
		if got := websocket.CloseStatus(err); got != -1 {
			t.Errorf("the stall ended with close %v, want a cut (no close frame)", got)
		}
		if got := time.Since(start); got != stallTime {
			t.Errorf("cut %v after the second DATA, want stallTime %v", got, stallTime)
		}
	})
}
