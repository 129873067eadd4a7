//go:build !js

package reconnect_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildTags: every browser-only file says so, and so does every native
// twin. Native only: the browser has no file system.
func TestBuildTags(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		var want string
		switch name := strings.TrimSuffix(strings.TrimSuffix(f, ".go"), "_test"); {
		case strings.HasSuffix(name, "_js"):
			want = "//go:build js && wasm"
		case strings.HasSuffix(name, "_notjs"):
			want = "//go:build !js"
		default:
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if first, _, _ := strings.Cut(string(b), "\n"); first != want {
			t.Errorf("%s starts with %q, want %q", f, first, want)
		}
	}
}
