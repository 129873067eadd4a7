package buildtags

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	browserOnly = "//go:build js && wasm"
	nativeOnly  = "//go:build !js"
)

// browserOnlyDirs are packages that exist only in the browser: every Go file
// in them, tests included, is for js/wasm.
var browserOnlyDirs = []string{"wasm", "internal/tools/benchwasm", "internal/jsbridge"}

// TestBuildTags checks every Go file of the module: *_js.go files are built
// only for js/wasm, *_notjs.go files never for js, and the browser-only
// packages entirely for js/wasm. A file whose name promises a target but
// whose constraint says otherwise would silently build the wrong transport.
func TestBuildTags(t *testing.T) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if name := d.Name(); rel != "." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules" || name == "bin" || name == "test-output") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		if misplacedMarker(filepath.Base(rel)) {
			t.Errorf("%s: _js or _notjs must end the name (before _test), or tools that read names miss it", rel)
		}
		want := wantConstraint(filepath.ToSlash(rel))
		if want == "" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		checked++
		if first, _, _ := strings.Cut(string(b), "\n"); first != want {
			t.Errorf("%s starts with %q, want %q", rel, first, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Fatal("no target-specific Go files found: is the module root right?")
	}
}

// wantConstraint returns the build constraint the file at rel (slash
// separated, relative to the module root) must start with, or "".
func wantConstraint(rel string) string {
	dir, base := filepath.Dir(rel), filepath.Base(rel)
	for _, d := range browserOnlyDirs {
		if dir == d || strings.HasPrefix(dir, d+"/") {
			if strings.HasPrefix(dir, "internal/tools/benchwasm/sizes") {
				return "" // programs built for size only, each says so itself
			}
			return browserOnly
		}
	}
	name := strings.TrimSuffix(strings.TrimSuffix(base, ".go"), "_test")
	switch {
	case strings.HasSuffix(name, "_notjs"):
		return nativeOnly
	case strings.HasSuffix(name, "_js"):
		return browserOnly
	}
	return ""
}

// misplacedMarker reports a file name with _js or _notjs somewhere other
// than at its end: compare-suites and this test find target-specific files by
// the suffix.
func misplacedMarker(base string) bool {
	name := strings.TrimSuffix(strings.TrimSuffix(base, ".go"), "_test")
	inner := strings.TrimSuffix(strings.TrimSuffix(name, "_notjs"), "_js")
	return strings.Contains(inner+"_", "_js_") || strings.Contains(inner+"_", "_notjs_")
}
