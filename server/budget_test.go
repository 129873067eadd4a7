//go:build !js

package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/coder/websocket"
)

func TestBudget(t *testing.T) {
	t.Parallel()
	b := newBudget(10)
	if !b.tryAcquire(6) || b.tryAcquire(5) || !b.tryAcquire(4) {
		t.Fatalf("tryAcquire over a budget of 10: wrong answers (in use %d)", b.inUse())
	}
	stop := make(chan struct{})
	got := make(chan bool)
	go func() { got <- b.acquire(3, stop, nil) }()
	b.release(6) // wakes the waiter
	if !<-got || b.inUse() != 7 {
		t.Fatalf("acquire after release: in use %d want 7", b.inUse())
	}
	go func() { got <- b.acquire(5, stop, nil) }()
	close(stop)
	if <-got {
		t.Fatalf("acquire with no room took the bytes after stop")
	}
}

// TestMemoryBudget: with room for one echo buffer, a second message waits
// until the first is echoed; the bytes held never exceed the budget.
func TestMemoryBudget(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Options{MemoryBudget: echoChunk})
	ctx := testContext(t)
	a, b := ts.dial(ctx, t, "", nil), ts.dial(ctx, t, "", nil)

	// a starts a long message and holds the only buffer.
	w, err := a.Writer(ctx, websocket.MessageBinary)
	if err != nil {
		t.Fatalf("Writer: %v", err)
	}
	first := strings.Repeat("a", echoChunk+1)
	if _, err := w.Write([]byte(first)); err != nil {
		t.Fatalf("Write: %v", err)
	}
	waitFor(t, "a's message to hold the buffer", func() bool { return ts.memory.inUse() == echoChunk })

	// b's message is read but waits for room.
	write(ctx, t, b, message{websocket.MessageText, "b"})
	waitFor(t, "b's message to be read", func() bool { return ts.reads.Load() == 2 })
	if got := ts.memory.inUse(); got != echoChunk {
		t.Fatalf("bytes held = %d with a budget of %d", got, echoChunk)
	}

	// a finishes: its echo completes, then b's.
	if _, err := w.Write([]byte("z")); err != nil {
		t.Fatalf("Write: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if got := read(ctx, t, a); got.data != first+"z" {
		t.Fatalf("a's echo has %d bytes want %d", len(got.data), len(first)+1)
	}
	if got := read(ctx, t, b); got.data != "b" {
		t.Fatalf("b's echo = %q", got.data)
	}
	waitFor(t, "the buffers to be released", func() bool { return ts.memory.inUse() == 0 })
}

// TestPushOverBudget: a push whose buffer does not fit the budget is
// refused before the upgrade, and counted.
func TestPushOverBudget(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Options{MemoryBudget: 1 << 20})
	ctx := testContext(t)
	_, resp, err := ts.dialErr(ctx, t, "push=1&size=1048576", nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("Dial(push over budget): response %v, error %v, want status 503", resp, err)
	}
	if got := ts.metrics.rejects[rejectMemory].Load(); got != 1 {
		t.Errorf("memory rejects = %d want 1", got)
	}
	c := ts.dial(ctx, t, "push=2&size=1000", nil) // fits
	for range 2 {
		if m := read(ctx, t, c); len(m.data) != 1000 {
			t.Fatalf("pushed %d bytes want 1000", len(m.data))
		}
	}
	waitFor(t, "the push buffer to be released", func() bool { return ts.memory.inUse() == 0 })
}

// TestMetrics: /metrics serves the live numbers in the Prometheus text
// format.
func TestMetrics(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Options{MaxConns: 1})
	ctx := testContext(t)
	c := ts.dial(ctx, t, "", nil)
	if _, resp, err := ts.dialErr(ctx, t, "", nil); err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("second Dial with MaxConns 1: response %v, error %v", resp, err)
	}
	if _, resp, _ := ts.dialErr(ctx, t, "close=1", nil); resp == nil || resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("Dial with a bad query: response %v", resp)
	}
	h := http.Header{"Origin": {"http://evil.test"}}
	if _, resp, _ := ts.dialErr(ctx, t, "", &websocket.DialOptions{HTTPHeader: h}); resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("Dial from a foreign origin: response %v", resp)
	}
	resp, body := ts.get(t, "/metrics", nil)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type = %q", ct)
	}
	for _, want := range []string{
		"wasmws_connections 1\n",
		"wasmws_max_connections 1\n",
		"wasmws_connections_accepted_total 1\n",
		`wasmws_rejects_total{reason="max_conns"} 1` + "\n",
		`wasmws_rejects_total{reason="bad_query"} 1` + "\n",
		`wasmws_rejects_total{reason="origin"} 1` + "\n",
		`wasmws_rejects_total{reason="memory"} 0` + "\n",
		`wasmws_closes_total{reason="invalid_utf8"} 0` + "\n",
		"wasmws_memory_held_bytes 0\n",
		"wasmws_memory_budget_bytes 134217728\n",
		"# TYPE wasmws_goroutines gauge\n",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q:\n%s", want, body)
		}
	}
	for line := range strings.SplitSeq(strings.TrimSpace(body), "\n") {
		if !strings.HasPrefix(line, "# HELP wasmws_") && !strings.HasPrefix(line, "# TYPE wasmws_") && !metricLine(line) {
			t.Errorf("/metrics line %q is not in the Prometheus text format", line)
		}
	}
	_ = c.CloseNow()
}

// metricLine reports whether line is `name{labels} value` or `name value`
// with a wasmws_ name and an integer value.
func metricLine(line string) bool {
	name, value, ok := strings.Cut(line, " ")
	if !ok || !strings.HasPrefix(name, "wasmws_") || value == "" || strings.Trim(value, "-0123456789") != "" {
		return false
	}
	if i := strings.IndexByte(name, '{'); i >= 0 {
		return strings.HasSuffix(name, `"}`) && strings.Contains(name[i:], `="`)
	}
	return strings.Trim(name, "abcdefghijklmnopqrstuvwxyz_") == ""
}
