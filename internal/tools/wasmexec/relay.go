//go:build !js

package wasmexec

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// maxRecord bounds one request of the page: the harness sends at most 1 MiB
// of output at a time.
const maxRecord = 8 << 20

// relay receives what the page reports (see harness/relay.js): output, the
// console, exceptions, the exit. The page sends one request at a time, so
// they arrive in the page's order. The first record that ends the run
// decides its result; later ones are dropped.
type relay struct {
	stdout, stderr io.Writer

	mu     sync.Mutex
	ended  bool
	result chan error // receives the result of the run, once
}

func newRelay(stdout, stderr io.Writer) *relay {
	return &relay{stdout: stdout, stderr: stderr, result: make(chan error, 1)}
}

// end ends the run with err (nil or an *ExitError for an exit) unless it
// has ended already.
func (rl *relay) end(err error) {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	rl.endLocked(err)
}

func (rl *relay) endLocked(err error) {
	if !rl.ended {
		rl.ended = true
		rl.result <- err
	}
}

func (rl *relay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRecord))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rl.mu.Lock()
	defer rl.mu.Unlock()
	if rl.ended {
		return // the run is over; the page is about to close
	}
	q := r.URL.Query()
	switch strings.TrimPrefix(r.URL.Path, harnessPrefix) {
	case "out":
		out := rl.stdout
		if q.Get("fd") == "2" {
			out = rl.stderr
		}
		if _, err := out.Write(body); err != nil {
			rl.endLocked(fmt.Errorf("writing the program's output: %w", err))
		}
	case "console":
		kind := q.Get("kind")
		fmt.Fprintf(rl.stderr, "wasmexec: console.%s: %s\n", kind, body)
		if kind == "exception" {
			first, _, _ := strings.Cut(string(body), "\n")
			rl.endLocked(fmt.Errorf("uncaught exception in the page: %s", first))
		}
	case "fail":
		rl.endLocked(fmt.Errorf("running the program: %s", strings.ReplaceAll(strings.TrimSpace(string(body)), "\n", " | ")))
	case "exit":
		code, err := strconv.Atoi(q.Get("code"))
		switch {
		case err != nil:
			rl.endLocked(fmt.Errorf("bad exit code %q from the harness", q.Get("code")))
		case code != 0:
			rl.endLocked(&ExitError{Code: code})
		default:
			rl.endLocked(nil)
		}
	default:
		http.NotFound(w, r)
	}
}

// ExitError is the result of a run whose program exited with a non-zero
// code: the runner exits with Code and prints nothing more.
type ExitError struct {
	Code int
}

func (e *ExitError) Error() string { return "exit code " + strconv.Itoa(e.Code) }

// ExitCode returns the exit code for the result err of [Run]: 0 for nil,
// the program's code for an [*ExitError], else 1.
func ExitCode(err error) int {
	var ee *ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.Code
	}
	return 1
}
