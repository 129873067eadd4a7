//go:build !js

package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wasmws/wasmws/internal/tools/browser"
)

func TestExecUsage(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"exec"}, &stdout, &stderr)
	if exitCode(err, io.Discard) != 2 || !strings.Contains(stderr.String(), "usage: wasmws exec") {
		t.Errorf("exec without a binary: %v, stderr %q want exit 2 and the usage", err, stderr.String())
	}
	stderr.Reset()
	err = run(context.Background(), []string{"exec", "-browser", "lynx", "x.wasm"}, &stdout, &stderr)
	if exitCode(err, io.Discard) != 1 || !strings.Contains(stderr.String(), `unknown engine "lynx"`) {
		t.Errorf("exec -browser lynx: %v, stderr %q want exit 1 naming the engine", err, stderr.String())
	}
}

// execFixture is the wasmws binary and the smoke test binary of the
// runner's tests, built once.
type execFixture struct {
	wasmws, smoke, smokeDir string
}

func buildExecFixture(t *testing.T) execFixture {
	t.Helper()
	dir := t.TempDir()
	f := execFixture{wasmws: filepath.Join(dir, "wasmws"), smoke: filepath.Join(dir, "smoke.test")}
	var err error
	if f.smokeDir, err = filepath.Abs("../../internal/tools/wasmexec/testdata/smoke"); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"build", "-o", f.wasmws, "."},
		{"test", "-c", "-o", f.smoke, f.smokeDir},
	} {
		cmd := exec.Command("go", args...)
		if args[0] == "test" {
			cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %v: %v\n%s", args, err, out)
		}
	}
	return f
}

// TestExecAll runs a passing and a failing test in every engine with
// -browser all: every line is prefixed, and the exit code is the failure's.
func TestExecAll(t *testing.T) {
	f := buildExecFixture(t)
	cmd := exec.Command(f.wasmws, "exec", "-browser", "all", f.smoke, "-test.v", "-test.run=^(TestEchoURL|TestFailOnPurpose)$")
	cmd.Dir = f.smokeDir
	out, err := cmd.Output()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Errorf("exit: %v want exit status 1", err)
	}
	for _, engine := range browser.Engines {
		for _, want := range []string{"[" + engine + "] --- PASS: TestEchoURL", "[" + engine + "] --- FAIL: TestFailOnPurpose"} {
			if !bytes.Contains(out, []byte(want)) {
				t.Errorf("output lacks %q; output:\n%s", want, out)
			}
		}
	}
	for line := range strings.Lines(string(out)) {
		if !strings.HasPrefix(line, "[") {
			t.Errorf("line without an engine prefix: %q", line)
		}
	}
}

// TestExecCleanup ends `wasmws exec` on every path, in every engine, and
// checks that no process and no file of the browser is left: each run gets
// its own TMPDIR, which every process it starts inherits, so a leftover is
// a process with that TMPDIR in its environment, or a file in it.
func TestExecCleanup(t *testing.T) {
	f := buildExecFixture(t)
	paths := []struct {
		name string
		env  []string
		args []string
		end  func(cmd *exec.Cmd, stdout io.Closer) // after the test started
		code int                                   // the exit status wanted
	}{
		// TestBlock waits for its -test.timeout; without one it would be a
		// deadlock, which the runner reports at once.
		{name: "SIGINT", args: []string{"-test.run=^TestBlock$", "-test.timeout=1h"}, end: sendSignal(syscall.SIGINT), code: 1},
		{name: "SIGTERM", args: []string{"-test.run=^TestBlock$", "-test.timeout=1h"}, end: sendSignal(syscall.SIGTERM), code: 1},
		{
			name: "SIGPIPE",
			env:  []string{"WASMWS_SMOKE_LINES=100000000"},
			args: []string{"-test.run=^TestManyLines$"},
			end:  func(_ *exec.Cmd, stdout io.Closer) { stdout.Close() },
			code: 1,
		},
		{name: "panic", env: []string{"WASMWS_EXEC_TEST_PANIC=1"}, args: []string{"-test.run=^TestBlock$", "-test.timeout=1h"}, code: 2},
		{name: "timeout", env: []string{"WASMWS_EXEC_TIMEOUT=3s"}, args: []string{"-test.run=^TestBlock$", "-test.timeout=1h"}, code: 1},
	}
	for _, engine := range browser.Engines {
		for _, p := range paths {
			t.Run(engine+"/"+p.name, func(t *testing.T) {
				// Short: Chromium's socket path lies under it.
				tmp, err := os.MkdirTemp("", "x")
				if err != nil {
					t.Fatal(err)
				}
				defer os.RemoveAll(tmp)
				args := append([]string{"exec", "-browser", engine, f.smoke, "-test.v"}, p.args...)
				cmd := exec.Command(f.wasmws, args...)
				cmd.Dir = f.smokeDir
				cmd.Env = append(append(os.Environ(), "TMPDIR="+tmp), p.env...)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				stdout, err := cmd.StdoutPipe()
				if err != nil {
					t.Fatal(err)
				}
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				// Wait for the test to run: the browser and the page are up.
				r := bufio.NewReader(stdout)
				line, err := r.ReadString('\n')
				if p.end != nil {
					if !strings.HasPrefix(line, "=== RUN") {
						t.Errorf("first line %q, %v want === RUN", line, err)
					}
					p.end(cmd, stdout)
				}
				go io.Copy(io.Discard, r)
				err = cmd.Wait()
				code := 0
				var ee *exec.ExitError
				if errors.As(err, &ee) {
					code = ee.ExitCode()
				}
				if code != p.code {
					t.Errorf("exit status %d (%v) want %d; stderr:\n%s", code, err, p.code, stderr.String())
				}
				checkNoLeftovers(t, tmp)
			})
		}
	}
}

func sendSignal(sig os.Signal) func(*exec.Cmd, io.Closer) {
	return func(cmd *exec.Cmd, _ io.Closer) { cmd.Process.Signal(sig) }
}

// checkNoLeftovers fails unless, within a few seconds (processes killed by
// their parent's death take a moment to go), no process has TMPDIR=tmp in
// its environment and tmp is empty.
func checkNoLeftovers(t *testing.T, tmp string) {
	t.Helper()
	var procs []string
	var files []string
	for range 50 {
		procs, files = processesWith("TMPDIR="+tmp), nil
		entries, _ := os.ReadDir(tmp)
		for _, e := range entries {
			files = append(files, e.Name())
		}
		if len(procs) == 0 && len(files) == 0 {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Errorf("left behind: processes %q, files %q", procs, files)
}

// processesWith returns the command lines of the live processes whose
// environment holds kv.
func processesWith(kv string) []string {
	var found []string
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, dir := range dirs {
		env, err := os.ReadFile(filepath.Join(dir, "environ"))
		if err != nil || !bytes.Contains(append(env, 0), []byte(kv+"\x00")) {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join(dir, "cmdline"))
		found = append(found, string(bytes.ReplaceAll(cmdline, []byte{0}, []byte{' '})))
	}
	return found
}

// TestExecMissingEngine checks that a missing engine is one line that says
// which package to install.
func TestExecMissingEngine(t *testing.T) {
	for engine, c := range map[string]struct{ env, pkg string }{
		browser.Chromium: {"WASMWS_CHROMIUM", "chromium"},
		browser.Firefox:  {"WASMWS_FIREFOX", "firefox-esr"},
		browser.WebKit:   {"WASMWS_WEBKIT_DRIVER", "webkit2gtk-driver"},
	} {
		t.Run(engine, func(t *testing.T) {
			t.Setenv(c.env, "/nonexistent/"+engine)
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), []string{"exec", "-browser", engine, "x.wasm"}, &stdout, &stderr)
			want := "install it with `apt-get install -y " + c.pkg + "`"
			if exitCode(err, io.Discard) != 1 || strings.Count(stderr.String(), "\n") != 1 || !strings.Contains(stderr.String(), want) {
				t.Errorf("exit %d, stderr %q want exit 1 and one line containing %q", exitCode(err, io.Discard), stderr.String(), want)
			}
		})
	}
}
