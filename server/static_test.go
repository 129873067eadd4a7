//go:build !js

package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeFiles writes name → content under dir, making directories as needed.
// Every file gets one modification time, so a precompressed variant is as new
// as its file whatever order they are written in.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	mtime := time.Now().Truncate(time.Second)
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
}

func TestStatic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"index.html":           "<!doctype html><title>demo</title>",
		"wasmws.wasm":          "\x00asm\x01\x00\x00\x00",
		"wasmws.wasm.br":       "brotli bytes",
		"wasmws.wasm.gz":       "gzip bytes",
		"wasmws.js":            "export {}",
		"wasmws.js.gz":         "gzip of js",
		"stale.js":             "new",
		"stale.js.br":          "old brotli",
		"copied.js":            "js",
		"copied.js.br":         "brotli of another js",
		"data.bin":             "raw",
		"data.bin.br":          "never served: not a web asset",
		".env":                 "SECRET=1",
		".git/config":          "[core]",
		"sub/.hidden":          "hidden",
		"sub/visible.txt":      "visible",
		"withindex/index.html": "inner index",
	}
	writeFiles(t, dir, files)
	// A variant whose time is not its file's may not match it (an older
	// build; a copy that did not keep the times) and must not be served.
	old, later := time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "stale.js.br"), old, old); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(filepath.Join(dir, "copied.js.br"), later, later); err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	writeFiles(t, outside, map[string]string{"secret.txt": "outside"})
	if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, Options{WebDir: dir})

	testCases := []struct {
		name, path, acceptEncoding string
		wantStatus                 int
		wantBody, wantType         string
		wantEncoding, wantVary     string
	}{
		{"root is the index", "/", "", 200, files["index.html"], "text/html; charset=utf-8", "", "Accept-Encoding"},
		{"index by name", "/index.html", "", 200, files["index.html"], "text/html; charset=utf-8", "", "Accept-Encoding"},
		{"wasm identity", "/wasmws.wasm", "identity", 200, files["wasmws.wasm"], "application/wasm", "", "Accept-Encoding"},
		{"wasm br preferred", "/wasmws.wasm", "gzip, deflate, br, zstd", 200, "brotli bytes", "application/wasm", "br", "Accept-Encoding"},
		{"wasm gzip only", "/wasmws.wasm", "gzip", 200, "gzip bytes", "application/wasm", "gzip", "Accept-Encoding"},
		{"wasm br refused by q=0", "/wasmws.wasm", "br;q=0, gzip;q=0.5", 200, "gzip bytes", "application/wasm", "gzip", "Accept-Encoding"},
		{"wasm star", "/wasmws.wasm", "*", 200, "brotli bytes", "application/wasm", "br", "Accept-Encoding"},
		{"wasm all refused", "/wasmws.wasm", "br;q=0, gzip;q=0", 200, files["wasmws.wasm"], "application/wasm", "", "Accept-Encoding"},
		{"js without br variant", "/wasmws.js", "br, gzip", 200, "gzip of js", "text/javascript; charset=utf-8", "gzip", "Accept-Encoding"},
		{"stale variant skipped", "/stale.js", "br", 200, "new", "text/javascript; charset=utf-8", "", "Accept-Encoding"},
		{"newer variant skipped", "/copied.js", "br", 200, "js", "text/javascript; charset=utf-8", "", "Accept-Encoding"},
		{"not a web asset", "/data.bin", "br", 200, "raw", "application/octet-stream", "", ""},
		{"missing", "/missing.wasm", "", 404, "404 page not found\n", "text/plain; charset=utf-8", "", ""},
		{"dotfile", "/.env", "", 404, "404 page not found\n", "", "", ""},
		{"dot directory", "/.git/config", "", 404, "404 page not found\n", "", "", ""},
		{"nested dotfile", "/sub/.hidden", "", 404, "404 page not found\n", "", "", ""},
		{"escaped dotfile", "/%2eenv", "", 404, "404 page not found\n", "", "", ""},
		{"no listing", "/sub/", "", 404, "404 page not found\n", "", "", ""},
		{"file in that directory", "/sub/visible.txt", "", 200, "visible", "text/plain; charset=utf-8", "", "Accept-Encoding"},
		{"directory with index", "/withindex/", "", 200, "inner index", "text/html; charset=utf-8", "", "Accept-Encoding"},
		{"directory without slash", "/withindex", "", http.StatusMovedPermanently, "", "", "", ""},
		{"symlink out of the directory", "/link.txt", "", 404, "404 page not found\n", "", "", ""},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resp := getStatic(t, ts, http.MethodGet, tc.path, map[string]string{"Accept-Encoding": tc.acceptEncoding})
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.wantStatus {
				t.Fatalf("GET %s: status %d want %d", tc.path, resp.StatusCode, tc.wantStatus)
			}
			if tc.wantBody != "" && string(body) != tc.wantBody {
				t.Errorf("GET %s: body %q want %q", tc.path, body, tc.wantBody)
			}
			h := resp.Header
			if got := h.Get("Content-Type"); tc.wantType != "" && got != tc.wantType {
				t.Errorf("GET %s: Content-Type %q want %q", tc.path, got, tc.wantType)
			}
			if got := h.Get("Content-Encoding"); got != tc.wantEncoding {
				t.Errorf("GET %s (Accept-Encoding %q): Content-Encoding %q want %q", tc.path, tc.acceptEncoding, got, tc.wantEncoding)
			}
			if got := h.Get("Vary"); got != tc.wantVary {
				t.Errorf("GET %s: Vary %q want %q", tc.path, got, tc.wantVary)
			}
			if resp.StatusCode == 200 {
				if got := h.Get("Cache-Control"); got != "no-cache" {
					t.Errorf("GET %s: Cache-Control %q want no-cache", tc.path, got)
				}
				if h.Get("ETag") == "" {
					t.Errorf("GET %s: no ETag", tc.path)
				}
			}
		})
	}
}

// A path that climbs out of the directory never reaches the handler through
// the mux (it redirects to the cleaned path); called directly, the handler
// answers 404.
func TestStaticTraversal(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	writeFiles(t, parent, map[string]string{"secret.txt": "outside", "web/index.html": "in"})
	for _, p := range []string{"/../secret.txt", "../secret.txt", "/web/../../secret.txt"} {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.URL.Path = p
		staticHandler(filepath.Join(parent, "web")).ServeHTTP(rec, r)
		if rec.Code == http.StatusOK {
			t.Errorf("GET %s: status 200 (body %q) want no file", p, rec.Body.String())
		}
	}
}

// getStatic sends one request without following redirects and with the
// given headers exactly (the client then does not add Accept-Encoding or
// decompress).
func getStatic(t *testing.T, ts *testServer, method, path string, header map[string]string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, ts.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		if v != "" {
			req.Header.Set(k, v)
		}
	}
	client := *ts.client // a copy: the original is shared
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	tr := ts.client.Transport.(*http.Transport).Clone()
	tr.DisableCompression = true
	client.Transport = tr
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// An unchanged file costs a 304, per representation: the ETag of the br
// variant does not validate the identity one.
func TestStaticRevalidation(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"m.wasm": "module", "m.wasm.br": "br"})
	ts := newTestServer(t, Options{WebDir: dir})
	br := getStatic(t, ts, http.MethodGet, "/m.wasm", map[string]string{"Accept-Encoding": "br"})
	tag := br.Header.Get("ETag")
	again := getStatic(t, ts, http.MethodGet, "/m.wasm", map[string]string{"Accept-Encoding": "br", "If-None-Match": tag})
	if again.StatusCode != http.StatusNotModified {
		t.Errorf("GET with If-None-Match %s: status %d want 304", tag, again.StatusCode)
	}
	identity := getStatic(t, ts, http.MethodGet, "/m.wasm", map[string]string{"Accept-Encoding": "identity", "If-None-Match": tag})
	if identity.StatusCode != http.StatusOK {
		t.Errorf("GET identity with the br ETag %s: status %d want 200", tag, identity.StatusCode)
	}
}

func TestStaticMethods(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"index.html": "x"})
	ts := newTestServer(t, Options{WebDir: dir})
	if resp := getStatic(t, ts, http.MethodHead, "/", nil); resp.StatusCode != 200 {
		t.Errorf("HEAD /: status %d want 200", resp.StatusCode)
	}
	resp := getStatic(t, ts, http.MethodPost, "/", nil)
	if resp.StatusCode != http.StatusMethodNotAllowed || !strings.Contains(resp.Header.Get("Allow"), "GET") {
		t.Errorf("POST /: status %d, Allow %q; want 405 with Allow: GET, HEAD", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

func TestAccepts(t *testing.T) {
	t.Parallel()
	testCases := []struct {
		header, coding string
		want           bool
	}{
		{"", "br", false},
		{"br", "br", true},
		{"gzip, br", "br", true},
		{"GZIP", "gzip", true},
		{"br;q=0", "br", false},
		{"br; q=0.0", "br", false},
		{"br;q=0.001", "br", true},
		{"*", "gzip", true},
		{"*;q=0", "gzip", false},
		{"*, br;q=0", "br", false},
		{"br;q=0, *", "br", false},
		{"gzip;q=bogus", "gzip", true},
		{"x-gzip", "gzip", false},
	}
	for _, tc := range testCases {
		if got := accepts(tc.header, tc.coding); got != tc.want {
			t.Errorf("accepts(%q, %q) = %v want %v", tc.header, tc.coding, got, tc.want)
		}
	}
}
