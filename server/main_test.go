//go:build !js

package server

import (
	"fmt"
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestMain fails the run if goroutines outlive the tests: every connection,
// pause, hang and shutdown watcher must end.
func TestMain(m *testing.M) {
	code := m.Run()
	http.DefaultClient.CloseIdleConnections()
	// Goroutines of closed connections may take a moment to return.
	deadline := time.Now().Add(5 * time.Second)
	leaked := leakedGoroutines()
	for len(leaked) > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		leaked = leakedGoroutines()
	}
	if len(leaked) > 0 {
		fmt.Fprintf(os.Stderr, "goroutine leak: %d goroutines outlived the tests:\n\n%s\n", len(leaked), strings.Join(leaked, "\n\n"))
		code = 1
	}
	os.Exit(code)
}

// leakedGoroutines returns the stacks of goroutines other than the caller's
// and the runtime's signal loop (which -fuzz starts).
func leakedGoroutines() []string {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var leaked []string
	for i, g := range strings.Split(string(buf), "\n\n") {
		if i == 0 || strings.Contains(g, "os/signal.signal_recv") {
			continue // the first is this goroutine
		}
		leaked = append(leaked, g)
	}
	return leaked
}
