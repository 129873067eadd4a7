//go:build js && wasm

// Package smoke is the test program of ../../engines_test.go and of
// cmd/wasmws/exec_test.go, which run it in the browsers through wasmexec.
// TestFailOnPurpose, TestBubbleFailOnPurpose, TestExit3, TestBlock,
// TestDeadlock and TestSpin fail or hang on purpose and run only when -run
// selects them; the package lives in testdata, where go test ./... does not
// look.
package smoke

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"syscall/js"
	"testing"
	"testing/synctest"
	"time"
)

// TestPartialLines writes a line in pieces, to stdout and stderr.
func TestPartialLines(t *testing.T) {
	fmt.Print("smoke: partial")
	fmt.Print(" line")
	fmt.Println(" done")
	fmt.Fprint(os.Stderr, "smoke: to ")
	fmt.Fprintln(os.Stderr, "stderr")
}

// TestEchoURL checks that wasmexec passes the echo server's URL.
func TestEchoURL(t *testing.T) {
	if os.Getenv("WASMWS_ECHO_URL") == "" {
		t.Fatal("WASMWS_ECHO_URL is empty")
	}
}

// TestTempDir checks that the in-memory file system holds files.
func TestTempDir(t *testing.T) {
	name := t.TempDir() + "/f"
	if err := os.WriteFile(name, []byte("data"), 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(name)
	if err != nil || string(b) != "data" {
		t.Fatalf("ReadFile = %q, %v want %q, nil", b, err, "data")
	}
}

// TestFailOnPurpose fails.
func TestFailOnPurpose(t *testing.T) {
	t.Fatal("failing on purpose")
}

// TestExit3 exits with status 3 in the middle of the run.
func TestExit3(t *testing.T) {
	os.Exit(3)
}

// TestBlock blocks until go test's -timeout panics the test binary.
func TestBlock(t *testing.T) {
	select {}
}

// Example checks that examples, whose output the testing package captures
// in a temporary file, work.
func Example() {
	fmt.Println("smoke: example")
	// Output: smoke: example
}

// TestDeadlock blocks with nothing that could wake it: with -timeout 0 the
// runner must report the deadlock at once, with the goroutine stacks.
func TestDeadlock(t *testing.T) {
	ch := make(chan int)
	<-ch
}

// TestPackageDir reads a file of the package directory, which the runner
// lends read-only.
func TestPackageDir(t *testing.T) {
	b, err := os.ReadFile("testdata/hello.txt")
	if err != nil || string(b) != "hello from the host\n" {
		t.Fatalf("ReadFile(testdata/hello.txt) = %q, %v", b, err)
	}
	entries, err := os.ReadDir("testdata")
	if err != nil || len(entries) != 1 || entries[0].Name() != "hello.txt" {
		t.Fatalf("ReadDir(testdata) = %v, %v want [hello.txt]", entries, err)
	}
	if err := os.WriteFile("testdata/new.txt", nil, 0o644); !errors.Is(err, syscall.EROFS) {
		t.Fatalf("WriteFile in the package directory: %v want EROFS", err)
	}
}

// TestCover covers Double.
func TestCover(t *testing.T) {
	if Double(2) != 4 {
		t.Fatal("Double(2) != 4")
	}
}

// TestEnv checks the environment: SMOKE_PASSED only when the runner was
// told to pass it, and never the host's HOME or PATH.
func TestEnv(t *testing.T) {
	if got, want := os.Getenv("SMOKE_PASSED"), os.Getenv("WASMWS_SMOKE_WANT_PASSED"); got != want {
		t.Errorf("SMOKE_PASSED = %q want %q", got, want)
	}
	if os.Getenv("HOME") != "/" || os.Getenv("TMPDIR") != "/tmp" {
		t.Errorf("HOME = %q TMPDIR = %q want / and /tmp", os.Getenv("HOME"), os.Getenv("TMPDIR"))
	}
	if path, ok := os.LookupEnv("PATH"); ok && os.Getenv("WASMWS_SMOKE_WANT_PASSED") == "" {
		t.Errorf("PATH = %q passed without -env", path)
	}
}

// TestManyLines prints $WASMWS_SMOKE_LINES numbered lines to stdout.
func TestManyLines(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("WASMWS_SMOKE_LINES"))
	for i := range n {
		fmt.Printf("line %d of the many\n", i)
	}
}

// TestSpin never yields to the browser, so not even the test binary's own
// timeout can fire: the runner must end it.
func TestSpin(t *testing.T) {
	for n := 0; ; n++ {
		if n < 0 {
			t.Log(n)
		}
	}
}

// TestBubbleFailOnPurpose fails inside a testing/synctest bubble, after
// writing a file and printing from it: with -v the failure is printed
// from the bubbled goroutine, and each write goes to the page's file
// system and back into Go.
func TestBubbleFailOnPurpose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		name := t.TempDir() + "/f"
		if err := os.WriteFile(name, []byte("bubbled"), 0o600); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Hour)
		fmt.Println("smoke: printed in a bubble an hour later")
		t.Error("failing in a bubble on purpose")
	})
}

// TestAfterBubble runs after TestBubbleFailOnPurpose: the package's run
// must go on after a failure in a bubble.
func TestAfterBubble(t *testing.T) {
	fmt.Println("smoke: after the bubble")
}

// TestStdioStat checks that os.Stdin, os.Stdout and os.Stderr can be
// stated, as code that looks for a terminal does: stdout and stderr are
// pipes (to go test), not terminals, and stdin is a character device.
func TestStdioStat(t *testing.T) {
	for _, c := range []struct {
		f    *os.File
		want os.FileMode
	}{{os.Stdin, os.ModeCharDevice | os.ModeDevice}, {os.Stdout, os.ModeNamedPipe}, {os.Stderr, os.ModeNamedPipe}} {
		fi, err := c.f.Stat()
		if err != nil {
			t.Errorf("%s: Stat: %v", c.f.Name(), err)
			continue
		}
		if got := fi.Mode().Type(); got != c.want {
			t.Errorf("%s: mode type %v want %v", c.f.Name(), got, c.want)
		}
	}
}

// TestFineClock checks that the page is cross-origin isolated, so that the
// browser's clock is fine (about 5 µs in Chromium, 20 µs in Firefox and
// WebKit) rather than coarse (100 µs, 1 ms, 1 ms): time.Now and testing's
// benchmark times come from it. The smallest step of time.Now over many
// reads is the clock's granularity, which does not depend on load.
func TestFineClock(t *testing.T) {
	if !js.Global().Get("crossOriginIsolated").Truthy() {
		t.Error("the page is not cross-origin isolated")
	}
	step := time.Hour
	for range 100 {
		start := time.Now()
		next := time.Now()
		for next.Equal(start) {
			next = time.Now()
		}
		step = min(step, next.Sub(start))
	}
	if step >= 50*time.Microsecond {
		t.Errorf("time.Now moves in steps of %v, want under 50µs", step)
	}
}

// TestFileModesAndRenames checks what Go's Node.js runner gives and the
// in-memory file system once did not: new files and directories get the
// usual umask (022), and a rename that rename(2) refuses fails: a
// directory over a file (ENOTDIR) or into itself (EINVAL).
func TestFileModesAndRenames(t *testing.T) {
	dir := t.TempDir()
	file, sub := dir+"/file", dir+"/sub"
	if err := os.WriteFile(file, nil, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(sub, 0o777); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]os.FileMode{file: 0o644, sub: os.ModeDir | 0o755} {
		fi, err := os.Stat(name)
		if err != nil {
			t.Errorf("Stat(%s): %v", name, err)
		} else if fi.Mode() != want {
			t.Errorf("Stat(%s): mode %v want %v", name, fi.Mode(), want)
		}
	}
	if err := os.Rename(sub, file); !errors.Is(err, syscall.ENOTDIR) {
		t.Errorf("renaming a directory over a file: %v want ENOTDIR", err)
	}
	if err := os.Rename(dir, sub+"/inner"); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("renaming a directory into itself: %v want EINVAL", err)
	}
	if fi, err := os.Stat(file); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("Stat(%s) after the renames: %v want a file", file, err)
	}
}

// TestLoadLocation checks that time.LoadLocation finds the host's time
// zone database, as it does under Node.js.
func TestLoadLocation(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	if _, offset := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC).In(loc).Zone(); offset != 2*60*60 {
		t.Errorf("Europe/Paris in July: offset %ds want 7200", offset)
	}
}
