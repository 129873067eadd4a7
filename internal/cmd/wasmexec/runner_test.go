//go:build !js

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wasmws/wasmws/internal/browser"
)

// smokePkg is the GOOS=js test package the runner runs.
const smokePkg = "./testdata/smoke"

// TestRunner builds wasmexec and runs testdata/smoke through it in
// Chromium, with go test -exec and directly. Chromium is required: without
// it the test fails and says how to install it.
func TestRunner(t *testing.T) {
	if _, err := browser.ExecPath(); err != nil {
		t.Fatalf("wasmexec needs Chromium: %v", err)
	}
	dir := t.TempDir()
	runner := filepath.Join(dir, "wasmexec")
	goCmd(t, nil, "build", "-o", runner, ".")
	smokeBin := filepath.Join(dir, "smoke.test")
	goCmd(t, jsEnv, "test", "-c", "-o", smokeBin, smokePkg)

	t.Run("go test", func(t *testing.T) {
		t.Parallel()
		testGoTest(t, runner)
	})
	t.Run("direct", func(t *testing.T) {
		t.Parallel()
		testDirect(t, runner, smokeBin)
	})
}

// testGoTest runs go test -exec runner on the smoke package.
func testGoTest(t *testing.T, runner string) {
	const pkgPath = "github.com/wasmws/wasmws/internal/cmd/wasmexec/testdata/smoke"
	testCases := []struct {
		name   string
		args   []string
		ok     bool
		want   []string // in the output
		within time.Duration
	}{
		{
			name: "pass",
			args: []string{"-v", "-run", "^(TestPartialLines|TestEchoURL|TestTempDir|Example)$"},
			ok:   true,
			want: []string{
				"smoke: partial line done\n", "smoke: to stderr\n",
				"--- PASS: TestPartialLines", "--- PASS: TestEchoURL",
				"--- PASS: TestTempDir", "--- PASS: Example", "\nok  \t" + pkgPath,
			},
		},
		{
			name: "json",
			args: []string{"-json", "-run", "^TestEchoURL$"},
			ok:   true,
			want: []string{`"Action":"pass","Package":"` + pkgPath + `","Test":"TestEchoURL"`},
		},
		{
			name: "fail",
			args: []string{"-run", "^TestFailOnPurpose$"},
			want: []string{"--- FAIL: TestFailOnPurpose", "failing on purpose", "FAIL\t" + pkgPath},
		},
		{
			name: "os.Exit(3)",
			args: []string{"-run", "^TestExit3$"},
			want: []string{"exit status 3", "FAIL\t" + pkgPath},
		},
		{
			// go test's own timeout panics the test binary; the runner's
			// (2s + 30s) must not be the one that fires.
			name:   "timeout",
			args:   []string{"-run", "^TestBlock$", "-timeout", "2s"},
			want:   []string{"panic: test timed out after 2s", "TestBlock", "FAIL\t" + pkgPath},
			within: 30 * time.Second,
		},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"test", "-count=1", "-exec", runner}, tc.args...)
			start := time.Now()
			out, err := command(jsEnv, "go", append(args, smokePkg)...).CombinedOutput()
			elapsed := time.Since(start)
			t.Logf("go %s: %v in %v", strings.Join(args, " "), err, elapsed.Round(time.Millisecond))
			if ok := err == nil; ok != tc.ok {
				t.Errorf("succeeded = %v want %v; output:\n%s", ok, tc.ok, out)
			}
			for _, want := range tc.want {
				if !bytes.Contains(out, []byte(want)) {
					t.Errorf("output lacks %q; output:\n%s", want, out)
				}
			}
			if tc.within > 0 && elapsed > tc.within {
				t.Errorf("took %v want under %v", elapsed, tc.within)
			}
		})
	}
}

// testDirect runs the runner on the compiled smoke binary, as go test does,
// to check exit codes and the runner's own errors.
func testDirect(t *testing.T, runner, smokeBin string) {
	notWasm := filepath.Join(t.TempDir(), "not.wasm")
	if err := os.WriteFile(notWasm, []byte("not wasm"), 0o600); err != nil {
		t.Fatal(err)
	}
	testCases := []struct {
		name       string
		args       []string
		env        []string
		code       int
		wantStdout string // exactly
		wantStderr string // contained
	}{
		{name: "pass", args: []string{smokeBin, "-test.run=^TestEchoURL$"}, wantStdout: "PASS\n"},
		{name: "exit code", args: []string{smokeBin, "-test.run=^TestExit3$"}, code: 3},
		{
			name:       "runner timeout",
			args:       []string{smokeBin, "-test.run=^TestBlock$", "-test.timeout=1h"},
			env:        []string{"WASMWS_EXEC_TIMEOUT=2s"},
			code:       1,
			wantStderr: "wasmexec: timed out after 2s (WASMWS_EXEC_TIMEOUT=2s)",
		},
		{
			name:       "no chromium",
			args:       []string{smokeBin},
			env:        []string{"WASMWS_CHROMIUM=/nonexistent/chromium"},
			code:       1,
			wantStderr: "install it with `apt-get install -y chromium` (Debian) or set WASMWS_CHROMIUM",
		},
		{
			name:       "not wasm",
			args:       []string{notWasm},
			code:       1,
			wantStderr: "wasmexec: running the program: CompileError",
		},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cmd := command(tc.env, runner, tc.args...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.code {
				t.Errorf("exit code %d want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			if tc.wantStdout != "" && stdout.String() != tc.wantStdout {
				t.Errorf("stdout = %q want %q", stdout.String(), tc.wantStdout)
			}
			if !strings.Contains(stderr.String(), tc.wantStderr) {
				t.Errorf("stderr = %q want it to contain %q", stderr.String(), tc.wantStderr)
			}
		})
	}
}

// jsEnv makes a go command build for the browser.
var jsEnv = []string{"GOOS=js", "GOARCH=wasm"}

// command returns a command with our environment plus extra, minus the
// variables that would change what the runner does under test.
func command(extra []string, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, envEchoURL+"=") && !strings.HasPrefix(kv, envTimeout+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, extra...)
	return cmd
}

// goCmd runs the go command, failing the test when it fails.
func goCmd(t *testing.T, extra []string, args ...string) {
	t.Helper()
	if out, err := command(extra, "go", args...).CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}
