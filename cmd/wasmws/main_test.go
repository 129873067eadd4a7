//go:build !js

package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

func TestUsage(t *testing.T) {
	t.Parallel()
	testCases := []struct {
		args       []string
		wantCode   int
		wantStdout string // in stdout
		wantStderr string // in stderr
	}{
		{nil, 2, "", "wasmws: no command given"},
		{[]string{"help"}, 0, "serve", ""},
		{[]string{"-h"}, 0, "usage: wasmws", ""},
		{[]string{"nope"}, 2, "", `wasmws: unknown command "nope"`},
		{[]string{"serve", "-h"}, 0, "-addr", ""},
		{[]string{"help"}, 0, "dial", ""},
		{[]string{"help"}, 0, "version", ""},
		{[]string{"--version"}, 0, "wasmws ", ""},
		{[]string{"version"}, 0, "(go1.", ""},
		{[]string{"version", "extra"}, 2, "", `wasmws: version: unexpected argument "extra"`},
		{[]string{"serve", "-bogus"}, 2, "", "wasmws: serve: flag provided but not defined: -bogus"},
		{[]string{"serve", "extra"}, 2, "", `wasmws: serve: unexpected argument "extra"`},
		{[]string{"serve", "-origin", "[bad"}, 2, "", `pattern "[bad"`},
		{[]string{"serve", "-max-conns", "many"}, 2, "", "-max-conns"},
		{[]string{"serve", "-resume-store", "mongodb://x"}, 2, "", `wasmws: serve: -resume-store "mongodb://x": want memory or redis://`},
		{[]string{"serve", "-resume-store", "redis://h:notaport/0"}, 2, "", "wasmws: serve: "},
		{[]string{"serve", "-addr", "no-port", "-web", ""}, 2, "", `wasmws: serve: -addr "no-port": want host:port`},
	}
	for _, tc := range testCases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), tc.args, &stdout, &stderr)
			if got := exitCode(err, &stderr); got != tc.wantCode {
				t.Errorf("run(%q) = %v, exit code %d want %d", tc.args, err, got, tc.wantCode)
			}
			if !strings.Contains(stdout.String(), tc.wantStdout) {
				t.Errorf("run(%q) stdout = %q, want it to contain %q", tc.args, stdout.String(), tc.wantStdout)
			}
			if !strings.Contains(stderr.String(), tc.wantStderr) {
				t.Errorf("run(%q) stderr = %q, want it to contain %q", tc.args, stderr.String(), tc.wantStderr)
			}
		})
	}
}

func TestVersionLine(t *testing.T) {
	t.Parallel()
	bi := &debug.BuildInfo{
		Main:     debug.Module{Version: "v1.2.3"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}},
	}
	testCases := []struct {
		linked string
		bi     *debug.BuildInfo
		want   string
	}{
		{"0.1.0", bi, "wasmws 0.1.0 (commit 0123456789ab+dirty, "},
		{"", bi, "wasmws v1.2.3 (commit 0123456789ab+dirty, "},
		{"", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "wasmws devel (go"},
		{"", nil, "wasmws devel (go"},
	}
	for _, tc := range testCases {
		if got := versionLine(tc.linked, tc.bi); !strings.HasPrefix(got, tc.want) {
			t.Errorf("versionLine(%q, ...) = %q want prefix %q", tc.linked, got, tc.want)
		}
	}
}

func TestServe(t *testing.T) {
	t.Parallel()
	web := t.TempDir()
	if err := os.WriteFile(filepath.Join(web, "index.html"), []byte("demo"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	stdoutR, stdoutW := io.Pipe()
	var stderr bytes.Buffer // read only after run returns
	done := make(chan error, 1)
	go func() {
		err := run(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-web", web, "-v"}, stdoutW, &stderr)
		stdoutW.CloseWithError(err)
		done <- err
	}()

	line, err := bufio.NewReader(stdoutR).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the start line: %v", err)
	}
	// The start line has the format of the log lines on stderr (slog text).
	m := regexp.MustCompile(`^time=\S+ level=INFO msg="serving http://(127\.0\.0\.1:\d+)/ \(echo at ws://(127\.0\.0\.1:\d+)/echo\)"\n$`).FindStringSubmatch(line)
	if m == nil || m[1] != m[2] {
		t.Fatalf("start line = %q, want %q", line, `time=... level=INFO msg="serving http://127.0.0.1:PORT/ (echo at ws://127.0.0.1:PORT/echo)"`)
	}
	addr := m[1]
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()

	for path, want := range map[string]string{"/healthz": "ok\n", "/": "demo"} {
		resp, err := client.Get("http://" + addr + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || string(body) != want {
			t.Errorf("GET %s = %d %q want 200 %q", path, resp.StatusCode, body, want)
		}
	}

	c, _, err := websocket.Dial(ctx, "ws://"+addr+"/echo", &websocket.DialOptions{HTTPClient: client})
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	defer c.CloseNow()
	if err := c.Write(ctx, websocket.MessageText, []byte("hello")); err != nil {
		t.Fatalf("Write: %v", err)
	}
	if typ, p, err := c.Read(ctx); err != nil || typ != websocket.MessageText || string(p) != "hello" {
		t.Fatalf("Read = %v %q %v, want text %q", typ, p, err, "hello")
	}

	// Cancelling ctx (as a signal does) shuts down gracefully: the open
	// connection is closed with 1001 and run returns nil.
	closed := make(chan error, 1)
	go func() {
		_, _, err := c.Read(context.Background())
		closed <- err
	}()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run after cancel = %v want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return within 10s of cancel")
	}
	if err := <-closed; websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Errorf("client Read error = %v, want close 1001", err)
	}
	for _, want := range []string{"websocket open", "shutting down"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("log = %q, want it to contain %q", stderr.String(), want)
		}
	}
}

func TestExitCode(t *testing.T) {
	t.Parallel()
	testCases := []struct {
		err  error
		want int
	}{
		{nil, 0},
		{flag.ErrHelp, 0},
		{&usageError{"bad"}, 2},
		{fmt.Errorf("wrapped: %w", &usageError{"bad"}), 2},
		{errors.New("boom"), 1},
	}
	for _, tc := range testCases {
		if got := exitCode(tc.err, io.Discard); got != tc.want {
			t.Errorf("exitCode(%v) = %d want %d", tc.err, got, tc.want)
		}
	}
}

// An error that errors.Join made (dial's session error beside its close
// error) is written one line each, every line with the prefix once.
func TestExitCodeJoinedErrorLines(t *testing.T) {
	t.Parallel()
	var stderr strings.Builder
	err := errors.Join(errors.New("wasmws: no reply within 1s"), errors.New("close: broken pipe"))
	if got := exitCode(err, &stderr); got != 1 {
		t.Errorf("exit %d want 1", got)
	}
	want := "wasmws: no reply within 1s\nwasmws: close: broken pipe\n"
	if stderr.String() != want {
		t.Errorf("stderr %q want %q", stderr.String(), want)
	}
}

// TestServeAddr: an address in use is one line that says what to do, exit
// status 1 (before: the bare listen error); an address no listener could
// take is a usage error, exit status 2 (before: 1; see also TestUsage).
func TestServeAddr(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	testCases := []struct {
		addr string
		code int
		want string
	}{
		{ln.Addr().String(), 1, "wasmws: serve: " + ln.Addr().String() + " is in use (by an earlier wasmws serve or make run?): stop that server, or choose another address with -addr (make run ADDR=host:port); port 0 picks a free one\n"},
		{"127.0.0.1:99999", 2, "wasmws: serve: -addr \"127.0.0.1:99999\": port \"99999\": want a number from 0 to 65535\n"},
	}
	for _, tc := range testCases {
		var stdout, stderr strings.Builder
		err := run(t.Context(), []string{"serve", "-web", "", "-addr", tc.addr}, &stdout, &stderr)
		if code := exitCode(err, &stderr); code != tc.code || stderr.String() != tc.want || stdout.Len() != 0 {
			t.Errorf("serve -addr %s: exit %d, stderr %q, stdout %q; want %d, %q and nothing", tc.addr, code, stderr.String(), stdout.String(), tc.code, tc.want)
		}
	}
}
