//go:build !js

package wasmexec

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHostFiles(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	pkg := filepath.Join(root, "pkg")
	out := filepath.Join(root, "out")
	for _, d := range []string{filepath.Join(pkg, "testdata"), out} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(pkg, "testdata", "a.txt"), []byte("A\x00\xff"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "secret"), []byte("no"), 0o644); err != nil {
		t.Fatal(err)
	}
	h := &hostFiles{readDirs: []string{pkg}, writeDirs: []string{out}}
	do := func(method, op, path, body string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		req := httptest.NewRequest(method, harnessPrefix+"fs/"+op+"?path="+url.QueryEscape(path), strings.NewReader(body))
		h.ServeHTTP(w, req)
		return w
	}

	w := do("GET", "list", pkg, "")
	var list []hostEntry
	if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil || len(list) != 1 || list[0].Name != "testdata" || list[0].Mode&sIFDIR == 0 {
		t.Errorf("list %s = %s, %v want [testdata], a directory", pkg, w.Body, err)
	}
	if w := do("GET", "read", filepath.Join(pkg, "testdata", "a.txt"), ""); w.Code != 200 || w.Body.String() != "A\x00\xff" {
		t.Errorf("read a.txt = %d %q", w.Code, w.Body)
	}
	if w := do("GET", "read", filepath.Join(pkg, "missing"), ""); w.Code != 404 || strings.TrimSpace(w.Body.String()) != "ENOENT" {
		t.Errorf("read missing = %d %q want 404 ENOENT", w.Code, w.Body)
	}
	for _, p := range []string{filepath.Join(root, "secret"), pkg + "/../secret", "relative"} {
		if w := do("GET", "read", p, ""); w.Code == 200 {
			t.Errorf("read %s = 200 %q: a path outside the lent directories was served", p, w.Body)
		}
	}
	if w := do("POST", "write", filepath.Join(pkg, "new"), "x"); w.Code != http.StatusForbidden {
		t.Errorf("write into the read-only directory = %d want 403", w.Code)
	}
	if w := do("POST", "write", filepath.Join(out, "sub", "f"), "data"); w.Code != 200 {
		t.Errorf("write into the write directory = %d %q", w.Code, w.Body)
	}
	if b, err := os.ReadFile(filepath.Join(out, "sub", "f")); err != nil || string(b) != "data" {
		t.Errorf("written file = %q, %v want %q", b, err, "data")
	}
}
