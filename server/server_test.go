//go:build !js

package server

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

func TestHealthz(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Options{})
	resp, body := ts.get(t, "/healthz", nil)
	if resp.StatusCode != http.StatusOK || body != "ok\n" {
		t.Errorf("GET /healthz = %d %q want 200 %q", resp.StatusCode, body, "ok\n")
	}
}

func TestNoWebDir(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Options{})
	for _, path := range []string{"/", "/index.html", "/wasmws.wasm"} {
		if resp, _ := ts.get(t, path, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s without WebDir: status %d want 404", path, resp.StatusCode)
		}
	}
}

func TestNewDefaults(t *testing.T) {
	t.Parallel()
	opts := Options{OriginPatterns: []string{"a.test", "[bad"}}
	s := New(opts)
	if !slices.Equal(opts.OriginPatterns, []string{"a.test", "[bad"}) || opts.Subprotocols != nil || opts.Logger != nil || opts.ReadLimit != 0 {
		t.Errorf("New changed its options to %+v", opts)
	}
	got := s.opts
	if !slices.Equal(got.Subprotocols, []string{"echo-protocol", "chat", "echo"}) {
		t.Errorf("Subprotocols = %q want the defaults", got.Subprotocols)
	}
	if !slices.Equal(got.OriginPatterns, []string{"a.test"}) {
		t.Errorf("OriginPatterns = %q want %q", got.OriginPatterns, []string{"a.test"})
	}
	if got.ReadLimit != 64<<20 || got.MaxConns != 1000 || got.HandshakeTimeout != 10*time.Second || got.Logger == nil {
		t.Errorf("defaults = ReadLimit %d MaxConns %d HandshakeTimeout %v Logger %v, want 64 MiB, 1000, 10s, a logger",
			got.ReadLimit, got.MaxConns, got.HandshakeTimeout, got.Logger)
	}

	protos := []string{"v1"}
	s = New(Options{Subprotocols: protos, ReadLimit: 5, MaxConns: -1, HandshakeTimeout: time.Second})
	protos[0] = "changed"
	if got := s.opts; got.Subprotocols[0] != "v1" || got.ReadLimit != 5 || got.MaxConns != -1 || got.HandshakeTimeout != time.Second {
		t.Errorf("New(explicit options) kept %+v", got)
	}
}

func TestHTTPServer(t *testing.T) {
	t.Parallel()
	s := New(Options{HandshakeTimeout: 3 * time.Second})
	srv := s.HTTPServer("127.0.0.1:0")
	if srv.Addr != "127.0.0.1:0" || srv.Handler != s || srv.ReadHeaderTimeout != 3*time.Second {
		t.Errorf("HTTPServer = Addr %q Handler %v ReadHeaderTimeout %v, want 127.0.0.1:0, the server, 3s",
			srv.Addr, srv.Handler, srv.ReadHeaderTimeout)
	}
	if srv.ReadTimeout != 0 || srv.WriteTimeout != 0 || srv.IdleTimeout == 0 {
		t.Errorf("HTTPServer timeouts: read %v write %v idle %v, want 0, 0 and some idle timeout",
			srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout)
	}
}
