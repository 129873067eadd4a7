//go:build !js

package wasmexec

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wasmws/wasmws/internal/tools/browser"
)

// smokeDir is the GOOS=js test package the runner runs.
const smokeDir = "testdata/smoke"

// buildSmoke compiles the smoke package for the browser, with extra go test
// flags (such as -cover).
func buildSmoke(t *testing.T, extra ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "smoke.test")
	return goBuild(t, bin, append(append([]string{"test", "-c", "-o", bin}, extra...), "./"+smokeDir)...)
}

// buildCovmain compiles testdata/covmain for the browser with -cover.
func buildCovmain(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "covmain.wasm")
	return goBuild(t, bin, "build", "-cover", "-o", bin, "./testdata/covmain")
}

// goBuild runs the go command for GOOS=js GOARCH=wasm and returns bin.
func goBuild(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return bin
}

// engineCase is one run of the smoke binary and what it must give.
type engineCase struct {
	name    string
	program string   // the binary: "" (smoke), "cover" (smoke -cover), "covmain"
	args    []string // before "{tmp}" is replaced by a fresh directory
	environ []string // added to a minimal environment
	pass    []string // Config.PassEnv
	code    int      // want this ExitCode
	errText string   // want the error to contain this
	stdout  []string // want stdout to contain each
	stderr  []string // want stderr to contain each
	check   func(t *testing.T, engine, tmp string, stdout, stderr string)
}

func engineCases() []engineCase {
	var many strings.Builder
	for i := range 100000 {
		fmt.Fprintf(&many, "line %d of the many\n", i)
	}
	many.WriteString("PASS\n")
	return []engineCase{
		{
			name: "pass",
			args: []string{"-test.v", "-test.run=^(TestPartialLines|TestEchoURL|TestTempDir|Example|TestPackageDir|TestEnv|TestStdioStat|TestFineClock|TestFileModesAndRenames|TestLoadLocation)$"},
			stdout: []string{
				"smoke: partial line done\n", "--- PASS: TestPartialLines", "--- PASS: TestEchoURL",
				"--- PASS: TestTempDir", "--- PASS: Example", "--- PASS: TestPackageDir", "--- PASS: TestEnv", "\nPASS\n",
			},
			stderr: []string{"smoke: to stderr\n"},
		},
		{
			name:    "env passed",
			args:    []string{"-test.run=^TestEnv$"},
			environ: []string{"SMOKE_PASSED=yes", "WASMWS_SMOKE_WANT_PASSED=yes"},
			pass:    []string{"SMOKE_PASSED"},
		},
		{
			name:    "env all",
			args:    []string{"-test.run=^TestEnv$"},
			environ: []string{"SMOKE_PASSED=yes", "WASMWS_SMOKE_WANT_PASSED=yes", "HOME=/root"},
			pass:    []string{"all"},
		},
		{
			name:    "env not passed",
			args:    []string{"-test.run=^TestEnv$"},
			environ: []string{"SMOKE_PASSED=yes"},
		},
		{
			// A failure in a testing/synctest bubble is printed from the
			// bubbled goroutine; the package's next test still runs.
			name:   "fail in a bubble",
			args:   []string{"-test.v", "-test.run=^(TestBubbleFailOnPurpose|TestAfterBubble)$"},
			code:   1,
			stdout: []string{"smoke: printed in a bubble an hour later\n", "failing in a bubble on purpose", "--- FAIL: TestBubbleFailOnPurpose", "smoke: after the bubble\n", "--- PASS: TestAfterBubble", "\nFAIL\n"},
		},
		{name: "exit code", args: []string{"-test.run=^TestExit3$"}, code: 3},
		{name: "fail", args: []string{"-test.run=^TestFailOnPurpose$"}, code: 1, stdout: []string{"failing on purpose", "FAIL\n"}},
		{
			name:   "deadlock",
			args:   []string{"-test.run=^TestDeadlock$", "-test.timeout=0"},
			code:   2,
			stderr: []string{"fatal error: all goroutines are asleep - deadlock!", "smoke.TestDeadlock("},
		},
		{
			name:   "test timeout",
			args:   []string{"-test.run=^TestBlock$", "-test.timeout=2s"},
			code:   2,
			stderr: []string{"panic: test timed out after 2s", "smoke.TestBlock("},
		},
		{
			name:    "runner timeout",
			args:    []string{"-test.run=^TestBlock$", "-test.timeout=1h"},
			environ: []string{EnvTimeout + "=3s"},
			code:    1,
			errText: "timed out after 3s (WASMWS_EXEC_TIMEOUT=3s); the program did not exit",
		},
		{
			name:    "output exact",
			args:    []string{"-test.run=^TestManyLines$"},
			environ: []string{"WASMWS_SMOKE_LINES=100000"},
			check: func(t *testing.T, _, _, stdout, _ string) {
				if stdout != many.String() {
					t.Errorf("stdout: %d bytes want %d, the exact lines", len(stdout), many.Len())
				}
			},
		},
		{
			name:    "coverage",
			program: "cover",
			args:    []string{"-test.run=^TestCover$", "-test.gocoverdir={tmp}/gocoverdir", "-test.coverprofile={tmp}/cover.out"},
			check: func(t *testing.T, _, tmp, _, _ string) {
				b, err := os.ReadFile(filepath.Join(tmp, "cover.out"))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.HasPrefix(b, []byte("mode: set\n")) || !bytes.Contains(b, []byte("testdata/smoke/smoke.go:6.24,8.2 1 1\n")) {
					t.Errorf("cover.out does not cover Double:\n%s", b)
				}
				if m, _ := filepath.Glob(filepath.Join(tmp, "gocoverdir", "covcounters.*.1.*")); len(m) != 1 {
					t.Errorf("gocoverdir holds %v want one counter file of process 1", m)
				}
			},
		},
		{
			name:    "GOCOVERDIR",
			program: "covmain",
			environ: []string{"GOCOVERDIR={tmp}/gocoverdir"},
			stdout:  []string{"covmain: 4\n"},
			check: func(t *testing.T, _, tmp, _, _ string) {
				for _, pattern := range []string{"covmeta.*", "covcounters.*.1.*"} {
					if m, _ := filepath.Glob(filepath.Join(tmp, "gocoverdir", pattern)); len(m) != 1 {
						t.Errorf("GOCOVERDIR holds %v want one %s", m, pattern)
					}
				}
			},
		},
		{
			name: "cpuprofile",
			args: []string{"-test.run=^TestTempDir$", "-test.cpuprofile=cpu.prof", "-test.outputdir={tmp}"},
			check: func(t *testing.T, engine, tmp, _, stderr string) {
				b, err := os.ReadFile(filepath.Join(tmp, "cpu.prof"))
				if engine == browser.Chromium {
					if err != nil || !bytes.HasPrefix(b, []byte(`{"nodes":[`)) {
						t.Errorf("cpu.prof = %.40q, %v want V8's profile", b, err)
					}
					return
				}
				if err == nil {
					t.Errorf("%s wrote cpu.prof", engine)
				}
				if !strings.Contains(stderr, "cannot record a CPU profile of the page") {
					t.Errorf("stderr lacks the message; stderr:\n%s", stderr)
				}
			},
		},
		// Last: WebKit cannot leave a page that never yields.
		{
			name:    "never yields",
			args:    []string{"-test.v", "-test.run=^TestSpin$", "-test.timeout=1s"},
			environ: []string{EnvTimeout + "=5s"},
			code:    1,
			errText: "timed out after 5s (WASMWS_EXEC_TIMEOUT=5s); the program did not exit",
			stdout:  []string{"=== RUN   TestSpin\n"},
		},
	}
}

// TestEngines runs the smoke binary in each engine, one browser per engine
// reused across the cases. Every engine is required: a missing one fails
// the test with the package to install.
func TestEngines(t *testing.T) {
	bins := map[string]string{"": buildSmoke(t), "cover": buildSmoke(t, "-cover"), "covmain": buildCovmain(t)}
	notWasm := filepath.Join(t.TempDir(), "not.wasm")
	if err := os.WriteFile(notWasm, []byte("not wasm"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir, err := filepath.Abs(smokeDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, engine := range browser.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			start := time.Now()
			b, err := browser.Start(ctx, engine, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			t.Logf("%s started in %v", engine, time.Since(start).Round(time.Millisecond))
			t.Run("not wasm", func(t *testing.T) {
				runCase(t, ctx, b, engine, dir, notWasm, engineCase{code: 1, errText: "running the program: CompileError"})
			})
			for _, tc := range engineCases() {
				t.Run(tc.name, func(t *testing.T) {
					runCase(t, ctx, b, engine, dir, bins[tc.program], tc)
				})
			}
		})
	}
}

func runCase(t *testing.T, ctx context.Context, b browser.Browser, engine, dir, bin string, tc engineCase) {
	tmp := t.TempDir()
	if err := os.Mkdir(filepath.Join(tmp, "gocoverdir"), 0o755); err != nil {
		t.Fatal(err)
	}
	env := []string{"PATH=" + os.Getenv("PATH")}
	var args []string
	for _, a := range tc.args {
		args = append(args, strings.ReplaceAll(a, "{tmp}", tmp))
	}
	for _, kv := range tc.environ {
		env = append(env, strings.ReplaceAll(kv, "{tmp}", tmp))
	}
	var stdout, stderr strings.Builder
	cfg := Config{
		Program: bin,
		Args:    args,
		Dir:     dir,
		Environ: env,
		PassEnv: tc.pass,
		Stdout:  &stdout,
		Stderr:  &stderr,
	}
	start := time.Now()
	err := RunIn(ctx, b, cfg)
	t.Logf("%s: %v in %v", engine, err, time.Since(start).Round(time.Millisecond))
	if got := ExitCode(err); got != tc.code {
		t.Errorf("exit code %d (%v) want %d\nstdout:\n%.2000s\nstderr:\n%.2000s", got, err, tc.code, stdout.String(), stderr.String())
	}
	if tc.errText != "" && (err == nil || !strings.Contains(err.Error(), tc.errText)) {
		t.Errorf("error %v want one containing %q", err, tc.errText)
	}
	for _, want := range tc.stdout {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("stdout lacks %q; stdout:\n%.2000s", want, stdout.String())
		}
	}
	for _, want := range tc.stderr {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q; stderr:\n%.2000s", want, stderr.String())
		}
	}
	if tc.check != nil {
		tc.check(t, engine, tmp, stdout.String(), stderr.String())
	}
}
