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
	goCmd := lookGo(t)
	dir := t.TempDir()
	orig := buildHello(t, goCmd)
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

// TestDropLineNumbersGoModule packs testdata/hello with DropLineNumbers and
// runs both modules under Node.js: the packed one must print the same but
// for the line runtime.Caller reports, which must be 0 (the function and
// file names stay; its stack walks, for the GC and for runtime.Stack, work).
func TestDropLineNumbersGoModule(t *testing.T) {
	goCmd := lookGo(t)
	orig := buildHello(t, goCmd)
	module, err := os.ReadFile(orig)
	if err != nil {
		t.Fatal(err)
	}
	packed, st, err := Pack(module, &Options{MaxGap: DefaultMaxGap, DropLineNumbers: true})
	if err != nil {
		t.Fatalf("Pack: %v", err)
	}
	t.Logf("%+v", st)
	if st.LineTablesDropped < 100 || st.LineBytesZeroed < 1000 {
		t.Errorf("dropped %d line tables (%d bytes), want at least 100 (1000 bytes)", st.LineTablesDropped, st.LineBytesZeroed)
	}
	again, st2, err := Pack(packed, &Options{MaxGap: DefaultMaxGap, DropLineNumbers: true})
	if err != nil || !bytes.Equal(again, packed) || st2.LineTablesDropped != 0 {
		t.Errorf("packing the packed module again changed it (err %v, %+v)", err, st2)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skipf("node not on PATH, so the modules were not run (the checks above passed): %v", err)
	}
	packedPath := filepath.Join(t.TempDir(), "packed.wasm")
	if err := os.WriteFile(packedPath, packed, 0o644); err != nil {
		t.Fatal(err)
	}
	want := strings.SplitN(runNode(t, goCmd, node, orig), "\n", 2)
	got := strings.SplitN(runNode(t, goCmd, node, packedPath), "\n", 2)
	if len(want) != 2 || len(got) != 2 || got[1] != want[1] {
		t.Fatalf("packed module printed\n%s\nwant (as the original after the first line)\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.HasPrefix(want[0], "main.main main.go ") || want[0] == "main.main main.go 0" || got[0] != "main.main main.go 0" {
		t.Errorf("first line %q, want the original's %q with line 0", got[0], want[0])
	}
	if !strings.Contains(got[1], "frames naming main.main: 1") {
		t.Errorf("runtime.Stack of the packed module does not name main.main once:\n%s", got[1])
	}
}

// lookGo returns the path of the go command.
func lookGo(t *testing.T) string {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build testdata/hello: %v", err)
	}
	return goCmd
}

// buildHello builds testdata/hello as make build builds wasmws.wasm (but
// unpacked) and returns the module's path.
func buildHello(t *testing.T, goCmd string) string {
	t.Helper()
	orig := filepath.Join(t.TempDir(), "hello.wasm")
	build := exec.Command(goCmd, "build", "-trimpath", "-ldflags=-s -w", "-o", orig, "./testdata/hello")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return orig
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
