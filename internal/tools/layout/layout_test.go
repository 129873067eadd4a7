package layout

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/wasmws/wasmws"

// libraryRoots are the public packages of the library; with the leaves under
// internal/ (see isLibrary) they must not depend on the floors above them.
var libraryRoots = []string{"sdk", "reconnect", "server", "resume"}

// notLeaves are the folders under internal/ that are not leaves the library
// runs on: the tools, and test support that only _test.go files may import.
var notLeaves = []string{"tools", "wstest", "testpki", "testredis"}

// forbidden are the floors a library package must not import in non-test
// code, relative to the module root; a path and everything under it.
var forbidden = []string{"internal/tools", "internal/wstest", "internal/testpki", "internal/testredis", "cmd", "bench", "e2e", "wasm"}

// TestLibraryImportsNoTool lists, for both targets, the non-test
// dependencies of every library package and fails on any that lives on a
// floor above the library (a tool, the CLI, the benchmarks, the browser
// tests, the wasm module, or the test support).
func TestLibraryImportsNoTool(t *testing.T) {
	t.Parallel()
	goTool := goBinary(t)
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, goos := range []string{"", "js"} {
		env := os.Environ()
		name := "native"
		if goos != "" {
			env = append(env, "GOOS="+goos, "GOARCH=wasm")
			name = "js/wasm"
		}
		pkgs := listPackages(t, goTool, root, env)
		libs := 0
		for _, p := range pkgs {
			if !isLibrary(p.ImportPath) {
				continue
			}
			libs++
			for _, dep := range p.Deps {
				if isForbidden(dep) {
					t.Errorf("%s: %s imports %s, a package above the library", name, p.ImportPath, dep)
				}
			}
		}
		if libs < 3 {
			t.Errorf("%s: found %d library packages, want at least sdk, reconnect and a leaf", name, libs)
		}
	}
}

// TestClassification pins the rules the test above relies on, so that a
// wrong prefix cannot make it pass by classifying nothing.
func TestClassification(t *testing.T) {
	t.Parallel()
	for path, want := range map[string]bool{
		module + "/sdk":              true,
		module + "/reconnect":        true,
		module + "/server":           true,
		module + "/resume":           true,
		module + "/internal/errtree": true,
		module + "/internal/wstest":  false,
		module + "/internal/tools/x": false,
		module + "/wasm":             false,
		module + "/sdkx":             false,
		"github.com/coder/websocket": false,
	} {
		if got := isLibrary(path); got != want {
			t.Errorf("isLibrary(%q) = %v want %v", path, got, want)
		}
	}
	for path, want := range map[string]bool{
		module + "/internal/tools/bench": true,
		module + "/internal/wstest":      true,
		module + "/cmd/wasmws":           true,
		module + "/bench/cmd/benchrun":   true,
		module + "/wasm":                 true,
		module + "/e2e":                  true,
		module + "/internal/msgqueue":    false,
		module + "/wasmx":                false,
		"fmt":                            false,
	} {
		if got := isForbidden(path); got != want {
			t.Errorf("isForbidden(%q) = %v want %v", path, got, want)
		}
	}
}

type goPackage struct {
	ImportPath string
	Deps       []string
}

// listPackages runs go list over the whole module in env (which sets the
// target) and returns each package with its non-test dependencies.
func listPackages(t *testing.T, goTool, root string, env []string) []goPackage {
	t.Helper()
	cmd := exec.Command(goTool, "list", "-e", "-json=ImportPath,Deps", "./...")
	cmd.Dir = root
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []goPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p goPackage
		if err := dec.Decode(&p); err != nil {
			t.Fatalf("go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// goBinary finds the go command: on PATH, or in $GOROOT/bin.
func goBinary(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	p := filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("the go command is needed to list the import graph: not on PATH nor in $GOROOT/bin")
	}
	return p
}

// isLibrary reports whether an import path is a library package: one of
// libraryRoots or below it, or a leaf under internal/.
func isLibrary(path string) bool {
	rel, ok := strings.CutPrefix(path, module+"/")
	if !ok {
		return false
	}
	for _, r := range libraryRoots {
		if under(rel, r) {
			return true
		}
	}
	leaf, ok := strings.CutPrefix(rel, "internal/")
	if !ok {
		return false
	}
	for _, n := range notLeaves {
		if under(leaf, n) {
			return false
		}
	}
	return true
}

// isForbidden reports whether a library package must not import path.
func isForbidden(path string) bool {
	rel, ok := strings.CutPrefix(path, module+"/")
	if !ok {
		return false
	}
	for _, f := range forbidden {
		if under(rel, f) {
			return true
		}
	}
	return false
}

// under reports whether the slash path rel is dir or inside it.
func under(rel, dir string) bool {
	return rel == dir || strings.HasPrefix(rel, dir+"/")
}
