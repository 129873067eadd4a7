//go:build !js

package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wasmws/wasmws/internal/testredis"
	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// TestServeResumeStoreRedis: two `wasmws serve -resume-store redis://...`
// share one Redis; a resume-mode client moves to the other server at every
// reconnection (each connection is cut after 5 messages, drop=5), and every
// message is echoed once, in order, every reconnection resuming.
func TestServeResumeStoreRedis(t *testing.T) {
	t.Parallel()
	r := testredis.Start(t)
	addrs := []string{startServe(t, "-resume-store", r.URL()), startServe(t, "-resume-store", r.URL())}
	var attempt atomic.Int64
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	c, err := reconnect.Dial(ctx, "", &reconnect.Options{
		Resume:   true,
		MinDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond,
		URL: func(context.Context) (string, error) {
			return fmt.Sprintf("ws://%s/echo?drop=5", addrs[attempt.Add(1)%2]), nil
		},
	})
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	defer c.Close(sdk.StatusNormalClosure, "")
	const n = 40
	for i := range n {
		if err := c.SendText(ctx, fmt.Sprint(i)); err != nil {
			t.Fatalf("Send %d: %v", i, err)
		}
		_, p, err := c.Receive(ctx)
		if err != nil {
			t.Fatalf("Receive %d: %v", i, err)
		}
		if string(p) != fmt.Sprint(i) {
			t.Fatalf("echo %d = %q", i, p)
		}
	}
	st := c.Stats()
	if st.Resumed < n/5-1 || st.NotResumed != 0 {
		t.Errorf("Stats: %d resumed, %d not resumed want at least %d resumed, 0 not resumed", st.Resumed, st.NotResumed, n/5-1)
	}
}

// startServe runs `wasmws serve` on a free port with extra flags until the
// test ends, and returns its address.
func startServe(t *testing.T, flags ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdoutR, stdoutW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, append([]string{"serve", "-addr", "127.0.0.1:0", "-web", ""}, flags...), stdoutW, io.Discard)
		stdoutW.CloseWithError(err)
		done <- err
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	line, err := bufio.NewReader(stdoutR).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the start line: %v", err)
	}
	m := regexp.MustCompile(`serving http://(127\.0\.0\.1:\d+)/`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("start line = %q", line)
	}
	go io.Copy(io.Discard, stdoutR)
	return m[1]
}

// TestServeRedisLogFormat: the Redis client's own log lines (here, that it
// cannot dial) come in the server's log format, not log.Printf's (before:
// "redis: 2026/11/30 19:40:42 pool.go:762: redis: connection pool: ...").
// Not parallel: the Redis client's logger is process-wide, and no other
// test's server may take it meanwhile.
func TestServeRedisLogFormat(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "redis://" + ln.Addr().String() + "/0"
	ln.Close()
	var logged strings.Builder
	store, closer, err := openResumeStore(t.Context(), url, slog.New(slog.NewTextHandler(&logged, nil)))
	if err != nil || store == nil {
		t.Fatalf("openResumeStore(%s) = %v, %v", url, store, err)
	}
	closer.Close()
	lines := strings.Split(strings.TrimSuffix(logged.String(), "\n"), "\n")
	for _, l := range lines {
		if !strings.HasPrefix(l, "time=") {
			t.Errorf("log line %q is not in the server's format", l)
		}
	}
	if !strings.Contains(logged.String(), `msg="connection pool: failed to dial`) || !strings.Contains(logged.String(), `from="redis client"`) {
		t.Errorf("log = %q, want the Redis client's line, from=\"redis client\"", logged.String())
	}
}
