//go:build !js

// Native only: it runs the go command and Node.js.

package wasmpack

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPackGoModule packs a module that cmd/link wrote (testdata/hello),
// checks that the packed module initialises the same memory with far fewer
// segments, and runs both under Node.js: their output must be the same.
func TestPackGoModule(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build testdata/hello: %v", err)
	}
	dir := t.TempDir()
	orig := filepath.Join(dir, "hello.wasm")
	build := exec.Command(goCmd, "build", "-trimpath", "-ldflags=-s -w", "-o", orig, "./testdata/hello")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	module, err := os.ReadFile(orig)
	if err != nil {
		t.Fatal(err)
	}
	packed, st, err := Pack(module, nil)
	if err != nil {
		t.Fatalf("Pack: %v", err)
	}
	t.Logf("%+v", st)
	if st.SegmentsBefore < 1000 || st.SegmentsAfter > 20 {
		t.Errorf("segments %d → %d want from more than 1000 to at most 20", st.SegmentsBefore, st.SegmentsAfter)
	}
	assertSameMemory(t, module, packed)
	again, _, err := Pack(packed, nil)
	if err != nil || !bytes.Equal(again, packed) {
		t.Errorf("packing the packed module again changed it (err %v)", err)
	}

	node, err := exec.LookPath("node")
	if err != nil {
		t.Skipf("node not on PATH, so the modules were not run (the memory check above passed): %v", err)
	}
	packedPath := filepath.Join(dir, "packed.wasm")
	if err := os.WriteFile(packedPath, packed, 0o644); err != nil {
		t.Fatal(err)
	}
	want := runNode(t, goCmd, node, orig)
	got := runNode(t, goCmd, node, packedPath)
	if got != want {
		t.Errorf("packed module printed\n%s\nwant (as the original)\n%s", got, want)
	}
	if !strings.Contains(want, "main.main") || !strings.Contains(want, "recovered: assignment to entry in nil map") {
		t.Errorf("testdata/hello printed\n%s\nwant its function name and the recovered panic", want)
	}
}

// runNode runs a GOOS=js module with Go's wasm_exec_node.js and returns its
// standard output.
func runNode(t *testing.T, goCmd, node, module string) string {
	t.Helper()
	root, err := exec.Command(goCmd, "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	runner := filepath.Join(strings.TrimSpace(string(root)), "lib", "wasm", "wasm_exec_node.js")
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(node, runner, module)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node %s: %v\n%s", filepath.Base(module), err, stderr.Bytes())
	}
	return stdout.String()
}
