//go:build !js

package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

func TestOriginRefused(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Options{OriginPatterns: []string{"*.allowed.test"}})
	testCases := []struct {
		origin string
		status int // 0: the handshake succeeds
	}{
		{"", 0},
		{"http://localhost:1234", 0},
		{"http://[::1]:80", 0},
		{"http://app.allowed.test", 0},
		{"http://evil.test", http.StatusForbidden},
		{"https://allowed.test.evil", http.StatusForbidden},
	}
	for _, tc := range testCases {
		t.Run(tc.origin, func(t *testing.T) {
			t.Parallel()
			ctx := testContext(t)
			h := http.Header{}
			if tc.origin != "" {
				h.Set("Origin", tc.origin)
			}
			c, resp, err := ts.dialErr(ctx, t, "", &websocket.DialOptions{HTTPHeader: h})
			if tc.status == 0 {
				if err != nil {
					t.Fatalf("Dial with Origin %q: %v", tc.origin, err)
				}
				expectEcho(ctx, t, c, message{websocket.MessageText, "hi"})
				return
			}
			if err == nil || resp == nil || resp.StatusCode != tc.status {
				t.Fatalf("Dial with Origin %q: response %v, error %v, want status %d", tc.origin, resp, err, tc.status)
			}
		})
	}
	// The same host is always allowed.
	ctx := testContext(t)
	h := http.Header{"Origin": {ts.url}}
	if _, _, err := ts.dialErr(ctx, t, "", &websocket.DialOptions{HTTPHeader: h}); err != nil {
		t.Errorf("Dial with Origin %q (same host): %v", ts.url, err)
	}
}

func TestMaxConns(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Options{MaxConns: 2})
	ctx := testContext(t)
	c1 := ts.dial(ctx, t, "", nil)
	ts.dial(ctx, t, "", nil)
	if got := ts.Conns(); got != 2 {
		t.Fatalf("Conns() = %d want 2", got)
	}
	_, resp, err := ts.dialErr(ctx, t, "", nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("third Dial: response %v, error %v, want status 503", resp, err)
	}

	// Closing one frees its slot once the server has seen the close.
	if err := c1.Close(websocket.StatusNormalClosure, ""); err != nil {
		t.Fatalf("Close: %v", err)
	}
	waitFor(t, "Conns() == 1", func() bool { return ts.Conns() == 1 })
	ts.dial(ctx, t, "", nil)
}

func TestReadLimit(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Options{ReadLimit: 10})
	ctx := testContext(t)
	c := ts.dial(ctx, t, "", nil)
	expectEcho(ctx, t, c, message{websocket.MessageBinary, "0123456789"})
	write(ctx, t, c, message{websocket.MessageBinary, "0123456789a"})
	if _, _, err := c.Read(ctx); websocket.CloseStatus(err) != websocket.StatusMessageTooBig {
		t.Errorf("Read after an 11-byte message = %v, want close 1009", err)
	}
}

func TestShutdown(t *testing.T) {
	t.Parallel()
	log, hanging := logged("websocket handshake hanging as asked")
	ts := newTestServer(t, Options{Logger: log})
	ctx := testContext(t)

	// Connections in every waiting state: reading, paused, delaying.
	queries := []string{"", "pause=shutdown", "delay=1m"}
	var conns []*websocket.Conn
	for _, q := range queries {
		conns = append(conns, ts.dial(ctx, t, q, nil))
	}
	write(ctx, t, conns[2], message{websocket.MessageText, "never echoed"})
	// hang=1m is an HTTP request in progress, not yet a connection.
	hung := make(chan error, 1)
	go func() {
		_, _, err := ts.dialErr(ctx, t, "hang=1m", nil)
		hung <- err
	}()
	<-hanging

	// The clients must read to complete the close handshakes.
	ends := make(chan error, len(conns))
	for _, c := range conns {
		go func() {
			_, _, err := c.Read(ctx)
			ends <- err
		}()
	}
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := ts.Shutdown(sctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	for range conns {
		err := <-ends
		var ce websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != websocket.StatusGoingAway || ce.Reason != "going away" {
			t.Errorf("client Read error = %v, want close 1001 %q", err, "going away")
		}
	}
	if err := <-hung; err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("hung Dial error = %v, want a 503", err)
	}
	if got := ts.Conns(); got != 0 {
		t.Errorf("Conns() after Shutdown = %d want 0", got)
	}

	// New connections are refused; plain HTTP still works.
	_, resp, err := ts.dialErr(ctx, t, "", nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("Dial after Shutdown: response %v, error %v, want status 503", resp, err)
	}
	if resp, _ := ts.get(t, "/healthz", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz after Shutdown: status %d want 200", resp.StatusCode)
	}
	// Shutdown again returns at once.
	if err := ts.Shutdown(sctx); err != nil {
		t.Errorf("second Shutdown: %v", err)
	}
}

// TestPauseLimit: a connection paused with a key no one resumes is closed
// with 1001 after maxWait.
func TestPauseLimit(t *testing.T) {
	t.Parallel()
	inBubble(t, Options{}, func(t *testing.T, ts *testServer, ctx context.Context) {
		c := ts.dial(ctx, t, "pause=forgotten", nil)
		start := time.Now()
		expectClose(ctx, t, c, websocket.StatusGoingAway, "paused too long")
		if got := time.Since(start); got != maxWait {
			t.Errorf("closed after %v paused, want %v", got, maxWait)
		}
	})
}

func TestShutdownContext(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Options{})
	ctx := testContext(t)
	c := ts.dial(ctx, t, "", nil)
	// The client does not read, so the close handshake cannot complete
	// before the already expired context.
	sctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := ts.Shutdown(sctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Shutdown(cancelled ctx) = %v want %v", err, context.Canceled)
	}
	expectClose(ctx, t, c, websocket.StatusGoingAway, "going away")
}

// waitFor polls cond until it holds, failing the test after 5s. It waits for
// the server to catch up with what the client already knows, never for time
// to pass.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}
