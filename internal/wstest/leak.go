package wstest

import (
	"runtime"
	"strings"
	"time"
)

// leakWait is how long leakedAfter lets goroutines finish before it calls
// them leaked.
const leakWait = 5 * time.Second

// goroutines returns the stacks of the running goroutines by their header
// ("goroutine 7"), leaving out the test framework's and the runtime's own.
func goroutines() map[string]string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	out := map[string]string{}
	for _, g := range strings.Split(string(buf), "\n\n") {
		g = strings.TrimSpace(g)
		id, _, ok := strings.Cut(g, " [")
		if ok && !ignorable(g) {
			out[id] = g
		}
	}
	return out
}

// ignorable reports goroutines that belong to the runtime, the test
// framework or the test server, unless SDK code is on their stack.
func ignorable(stack string) bool {
	if strings.Contains(stack, "wasmws/sdk.") || strings.Contains(stack, "wasmws/reconnect.") {
		return false
	}
	for _, s := range []string{
		"testing.(*M).", "testing.tRunner", "testing.runTests", "wstest.goroutines",
		"os/signal.", "runtime.ReadTrace", "runtime/trace.", "runtime.handleEvent",
		"net/http.", "net/http/httptest.", "wasmws/server.",
	} {
		if strings.Contains(stack, s) {
			return true
		}
	}
	return false
}

// leakedAfter waits up to leakWait for the goroutines not in before to end,
// and returns the stacks of those that did not.
func leakedAfter(before map[string]string) string {
	deadline := time.Now().Add(leakWait)
	for {
		var extra []string
		for id, g := range goroutines() {
			if _, ok := before[id]; !ok {
				extra = append(extra, g)
			}
		}
		if len(extra) == 0 {
			return ""
		}
		if time.Now().After(deadline) {
			return strings.Join(extra, "\n\n")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
