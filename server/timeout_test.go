//go:build !js

package server

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/internal/resumeproto"
)

// The tests of the server's timeouts run on synctest's fake clock over
// in-memory connections (bubble_test.go): each timeout is checked to fire
// exactly when due, and the seconds they wait take no real time.

// TestMessageTimeout: a message that stops half-way closes the connection
// with 1008 once MessageTimeout has passed since its first frame; time
// between messages does not count.
func TestMessageTimeout(t *testing.T) {
	t.Parallel()
	const timeout = time.Second
	inBubble(t, Options{MessageTimeout: timeout}, func(t *testing.T, ts *testServer, ctx context.Context) {
		c := ts.dial(ctx, t, "", nil)
		expectEcho(ctx, t, c, message{websocket.MessageText, "before"})
		time.Sleep(3 * timeout) // idle longer than MessageTimeout: allowed
		expectEcho(ctx, t, c, message{websocket.MessageText, "after idling"})
		w, err := c.Writer(ctx, websocket.MessageText)
		if err != nil {
			t.Fatalf("Writer: %v", err)
		}
		// More than the client's 4 KiB write buffer, which coder/websocket
		// flushes only at the end of a message: the server reads the
		// first frame before Write returns (a pipe does not buffer).
		if _, err := w.Write([]byte(strings.Repeat("never finished ", 1000))); err != nil {
			t.Fatalf("Write: %v", err)
		}
		start := time.Now()
		expectClose(ctx, t, c, websocket.StatusPolicyViolation, "message took too long to arrive")
		if got := time.Since(start); got != timeout {
			t.Errorf("closed %v after the first frame, want MessageTimeout %v", got, timeout)
		}
		if got := ts.metrics.closes[closeMessageTimeout].Load(); got != 1 {
			t.Errorf("message_timeout closes = %d want 1", got)
		}
	})
}

// TestMessageTimeoutNotTheEcho: MessageTimeout bounds a message's arrival,
// not its echo: a client that sends messages and reads nothing for three
// timeouts, while the server's write of the first echo waits for it to
// read, then gets every echo.
func TestMessageTimeoutNotTheEcho(t *testing.T) {
	t.Parallel()
	const n, size, timeout = 4, 8 << 10, time.Second
	inBubble(t, Options{MessageTimeout: timeout}, func(t *testing.T, ts *testServer, ctx context.Context) {
		c := ts.dial(ctx, t, "", nil)
		sent := make(chan error, 1)
		go func() {
			for i := range n {
				if err := c.Write(ctx, websocket.MessageBinary, bytes.Repeat([]byte{byte(i)}, size)); err != nil {
					sent <- err
					return
				}
			}
			sent <- nil
		}()
		synctest.Wait()
		// The server has read the first message and waits to write its
		// echo (a pipe buffers nothing); the client waits to write the
		// second.
		if got := ts.reads.Load(); got != 1 {
			t.Fatalf("messages read before the client reads = %d want 1", got)
		}
		time.Sleep(3 * timeout)
		for i := range n {
			typ, p, err := c.Read(ctx)
			if err != nil {
				t.Fatalf("Read of echo %d: %v (message_timeout closes: %d)", i, err, ts.metrics.closes[closeMessageTimeout].Load())
			}
			if typ != websocket.MessageBinary || len(p) != size || p[0] != byte(i) {
				t.Fatalf("echo %d: %v of %d bytes starting with %d", i, typ, len(p), p[0])
			}
		}
		if err := <-sent; err != nil {
			t.Fatalf("Write: %v", err)
		}
	})
}

// TestHandshakeTimeout: a client that sends part of its request headers and
// stops is cut off after HandshakeTimeout, by the ReadHeaderTimeout of
// [Server.HTTPServer].
func TestHandshakeTimeout(t *testing.T) {
	t.Parallel()
	const timeout = 10 * time.Second
	inBubble(t, Options{HandshakeTimeout: timeout}, func(t *testing.T, ts *testServer, ctx context.Context) {
		c, err := ts.pipe.dial(ctx, "", "")
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		start := time.Now()
		_ = c.SetReadDeadline(start.Add(time.Hour)) // a hang fails the test
		if _, err := io.WriteString(c, "GET /echo HTTP/1.1\r\nHost: x\r\n"); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		switch {
		case err == nil && resp.StatusCode == http.StatusRequestTimeout:
		case err == io.EOF || err == io.ErrUnexpectedEOF:
		default:
			t.Fatalf("after stalling in the headers: response %v, error %v; want the connection closed", resp, err)
		}
		if got := time.Since(start); got != timeout {
			t.Errorf("cut off %v after the first bytes, want HandshakeTimeout %v", got, timeout)
		}
	})
}

// TestResumeMessageTimeout: in resume mode too (budgetread.go's
// messageClock), a message that stops half-way closes the connection with
// 1008 once MessageTimeout has passed since its first frame, and time
// between messages does not count.
func TestResumeMessageTimeout(t *testing.T) {
	t.Parallel()
	const timeout = time.Second
	inBubble(t, Options{MessageTimeout: timeout}, func(t *testing.T, ts *testServer, ctx context.Context) {
		c := openResume(ctx, t, ts, "")
		time.Sleep(3 * timeout) // idle longer than MessageTimeout: allowed
		w, err := c.Writer(ctx, websocket.MessageBinary)
		if err != nil {
			t.Fatalf("Writer: %v", err)
		}
		// The start of a DATA frame of 64 KiB: more than the client's
		// 4 KiB write buffer, so the server reads its first frame before
		// Write returns.
		f := resumeproto.Frame{Kind: resumeproto.KindData, Type: resumeproto.TypeBinary, Seq: 1, Limit: 1 << 20, Payload: make([]byte, 64<<10)}
		if _, err := w.Write(resumeproto.Append(nil, &f)[:32<<10]); err != nil {
			t.Fatalf("Write: %v", err)
		}
		start := time.Now()
		for { // past the frames of resume mode the server sends meanwhile
			_, _, err = c.Read(ctx)
			if err != nil {
				break
			}
		}
		if got := websocket.CloseStatus(err); got != websocket.StatusPolicyViolation {
			t.Fatalf("Read error = %v, want close %v", err, websocket.StatusPolicyViolation)
		}
		if got := time.Since(start); got != timeout {
			t.Errorf("closed %v after the first frame, want MessageTimeout %v", got, timeout)
		}
		if got := ts.metrics.closes[closeMessageTimeout].Load(); got != 1 {
			t.Errorf("message_timeout closes = %d want 1", got)
		}
	})
}
