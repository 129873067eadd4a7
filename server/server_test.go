//go:build !js

package server

import (
	"net/http"
	"os"
	"path/filepath"
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

func TestStatic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"index.html":  "<!doctype html><title>demo</title>",
		"wasmws.wasm": "\x00asm\x01\x00\x00\x00",
		"wasmws.js":   "export {}",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ts := newTestServer(t, Options{WebDir: dir})
	testCases := []struct {
		path, wantBody, wantType string
		wantStatus               int
	}{
		{"/", files["index.html"], "text/html; charset=utf-8", 200},
		{"/index.html", "", "", http.StatusMovedPermanently}, // FileServer canonicalizes
		{"/wasmws.wasm", files["wasmws.wasm"], "application/wasm", 200},
		{"/wasmws.js", files["wasmws.js"], "", 200},
		{"/missing.wasm", "404 page not found\n", "text/plain; charset=utf-8", 404},
	}
	for _, tc := range testCases {
		t.Run(tc.path, func(t *testing.T) {
			t.Parallel()
			client := *ts.http.Client() // a copy: the original is shared
			client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
			resp, err := client.Get(ts.http.URL + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body := make([]byte, 1024)
			n, _ := resp.Body.Read(body)
			if resp.StatusCode != tc.wantStatus {
				t.Fatalf("GET %s: status %d want %d", tc.path, resp.StatusCode, tc.wantStatus)
			}
			if tc.wantBody != "" && string(body[:n]) != tc.wantBody {
				t.Errorf("GET %s: body %q want %q", tc.path, body[:n], tc.wantBody)
			}
			if got := resp.Header.Get("Content-Type"); tc.wantType != "" && got != tc.wantType {
				t.Errorf("GET %s: Content-Type %q want %q", tc.path, got, tc.wantType)
			}
			// (Error responses drop it: net/http clears caching headers.)
			if got := resp.Header.Get("Cache-Control"); resp.StatusCode < 400 && got != "no-store" {
				t.Errorf("GET %s: Cache-Control %q want %q", tc.path, got, "no-store")
			}
		})
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
