//go:build !js

package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// testServer is a Server and a client of it, shut down at the end of the
// test: behind an httptest.Server (newTestServer), or in a synctest bubble
// (newBubbleServer).
type testServer struct {
	*Server
	url    string        // http://host
	client *http.Client  // reaches url
	pipe   *pipeListener // the bubble's listener (newBubbleServer), or nil
}

func newTestServer(t *testing.T, opts Options) *testServer {
	t.Helper()
	s := New(opts)
	hs := httptest.NewServer(s)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		hs.Close()
	})
	return &testServer{Server: s, url: hs.URL, client: hs.Client()}
}

// echoURL returns the ws:// URL of /echo with the given query.
func (ts *testServer) echoURL(query string) string {
	u := "ws" + strings.TrimPrefix(ts.url, "http") + "/echo"
	if query != "" {
		u += "?" + query
	}
	return u
}

// dialErr opens /echo?query. The connection is closed at the end of the test.
func (ts *testServer) dialErr(ctx context.Context, t *testing.T, query string, opts *websocket.DialOptions) (*websocket.Conn, *http.Response, error) {
	t.Helper()
	var o websocket.DialOptions
	if opts != nil {
		o = *opts
	}
	o.HTTPClient = ts.client
	c, resp, err := websocket.Dial(ctx, ts.echoURL(query), &o)
	if c != nil {
		c.SetReadLimit(-1)
		t.Cleanup(func() { c.CloseNow() })
	}
	return c, resp, err
}

// dial opens /echo?query or fails the test.
func (ts *testServer) dial(ctx context.Context, t *testing.T, query string, opts *websocket.DialOptions) *websocket.Conn {
	t.Helper()
	c, _, err := ts.dialErr(ctx, t, query, opts)
	if err != nil {
		t.Fatalf("Dial(%q): %v", query, err)
	}
	return c
}

// get fetches path from the server. After a 101 it closes the connection.
func (ts *testServer) get(t *testing.T, path string, header http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, ts.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := ts.client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusSwitchingProtocols {
		return resp, "" // the body is the connection: closing it ends it
	}
	var b strings.Builder
	if _, err := io.Copy(&b, resp.Body); err != nil {
		t.Fatalf("GET %s: reading body: %v", path, err)
	}
	return resp, b.String()
}

// testContext returns a context that ends with the test or after 10s.
func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// message is one WebSocket message.
type message struct {
	typ  websocket.MessageType
	data string
}

// write sends m or fails the test.
func write(ctx context.Context, t *testing.T, c *websocket.Conn, m message) {
	t.Helper()
	if err := c.Write(ctx, m.typ, []byte(m.data)); err != nil {
		t.Fatalf("Write(%v, %d bytes): %v", m.typ, len(m.data), err)
	}
}

// read receives a message or fails the test.
func read(ctx context.Context, t *testing.T, c *websocket.Conn) message {
	t.Helper()
	typ, p, err := c.Read(ctx)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return message{typ, string(p)}
}

// expectEcho sends m and checks that it comes back.
func expectEcho(ctx context.Context, t *testing.T, c *websocket.Conn, m message) {
	t.Helper()
	write(ctx, t, c, m)
	if got := read(ctx, t, c); got != m {
		t.Fatalf("echo of %v %q = %v %q, want the same", m.typ, abbrev(m.data), got.typ, abbrev(got.data))
	}
}

// expectClose reads until the connection ends and checks how it ended:
// code -1 means without a close frame.
func expectClose(ctx context.Context, t *testing.T, c *websocket.Conn, code websocket.StatusCode, reason string) {
	t.Helper()
	typ, p, err := c.Read(ctx)
	if err == nil {
		t.Fatalf("Read = %v %q, want the connection to end", typ, abbrev(string(p)))
	}
	var ce websocket.CloseError
	switch {
	case code == -1 && websocket.CloseStatus(err) != -1:
		t.Fatalf("Read error = %v, want the connection cut without a close frame", err)
	case code == -1:
	case !errors.As(err, &ce):
		t.Fatalf("Read error = %v, want close %v %q", err, code, reason)
	case ce.Code != code || ce.Reason != reason:
		t.Fatalf("close = %v %q, want %v %q", ce.Code, ce.Reason, code, reason)
	}
}

func abbrev(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// recordHandler is a slog.Handler that passes every record to f.
type recordHandler func(slog.Record)

func (h recordHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h recordHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h recordHandler) WithGroup(string) slog.Handler            { return h }
func (h recordHandler) Handle(_ context.Context, r slog.Record) error {
	h(r)
	return nil
}

// logged returns a logger and a channel closed once it logs msg.
func logged(msg string) (*slog.Logger, <-chan struct{}) {
	seen := make(chan struct{})
	var once sync.Once
	return slog.New(recordHandler(func(r slog.Record) {
		if r.Message == msg {
			once.Do(func() { close(seen) })
		}
	})), seen
}
