//go:build !js

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wasmws/wasmws/server"
)

func TestDialUsage(t *testing.T) {
	t.Parallel()
	url := "ws://127.0.0.1:9/echo" // never dialed
	testCases := []struct {
		args []string
		want string // in the one line on stderr
	}{
		{nil, "no URL given"},
		{[]string{"-bogus", url}, "flag provided but not defined: -bogus"},
		{[]string{"ftp://example.com/"}, "ftp"},
		{[]string{"ws://example.com/#frag"}, "syntax error"},
		{[]string{url, "extra"}, `unexpected argument "extra"`},
		{[]string{"-H", "no colon", url}, "want 'Name: value'"},
		{[]string{"-n", "-1", url}, "-n -1"},
		{[]string{"--binary-output", "pretty", url}, "want size, hex or raw"},
		{[]string{"-p", "bad protocol", url}, "protocol"},
		{[]string{"--no-reconnect", "--max-retries", "3", url}, "--no-reconnect"},
		{[]string{"--file", "x", "--binary", url}, "--file and --binary"},
		// Before connecting (before: exit 1, after connecting without --no-reconnect).
		{[]string{"--file", "/nonexistent/x", url}, "--file /nonexistent/x: no such file or directory"},
		{[]string{"--no-reconnect", "--file", "/nonexistent/x", url}, "--file /nonexistent/x: no such file or directory"},
		{[]string{"--file", ".", url}, "--file .: is a directory"},
	}
	for _, tc := range testCases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			r := runCmd(t, strings.NewReader(""), append([]string{"dial"}, tc.args...)...)
			if r.code != 2 {
				t.Errorf("exit code %d want 2; stderr %q", r.code, r.stderr)
			}
			if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "wasmws: dial: ") || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("stderr = %q, want one line \"wasmws: dial: ...\" containing %q", r.stderr, tc.want)
			}
			if n := strings.Count(r.stderr, "wasmws:"); n != 1 {
				t.Errorf("stderr = %q has the prefix \"wasmws:\" %d times, want once", r.stderr, n)
			}
		})
	}
}

func TestDialHelp(t *testing.T) {
	t.Parallel()
	r := runCmd(t, nil, "dial", "-h")
	if r.code != 0 {
		t.Errorf("dial -h: exit code %d want 0", r.code)
	}
	for _, want := range []string{"usage: wasmws dial", "-p, --protocol NAME", "-H, --header", "--insecure", "--json", "-n N"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("dial -h output lacks %q:\n%s", want, r.stdout)
		}
	}
}

// TestDialConnectError: a refused connection or a refused handshake exits 1
// with one line, with and without reconnection.
func TestDialConnectError(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "ws://" + ln.Addr().String() + "/echo"
	ln.Close()
	rejected := echoURL(t, "reject=403")
	hangs := echoURL(t, "hang=1m")
	testCases := []struct {
		name string
		args []string
		want string
	}{
		{"refused", []string{refused}, "connection refused"},
		{"refused once", []string{"--no-reconnect", refused}, "connection refused"},
		// Before: "expected handshake response status code 101 but got 403".
		{"rejected", []string{rejected}, ": the server answered 403 Forbidden, not 101 Switching Protocols\n"},
		{"rejected once", []string{"--no-reconnect", rejected}, ": the server answered 403 Forbidden, not 101 Switching Protocols\n"},
		// Named after the flag (before: "context deadline exceeded").
		{"timed out", []string{"--connect-timeout", "50ms", hangs}, "no answer within 50ms (--connect-timeout)"},
		{"timed out once", []string{"--no-reconnect", "--connect-timeout", "50ms", hangs}, "no answer within 50ms (--connect-timeout)"},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runCmd(t, strings.NewReader("hello\n"), append([]string{"dial", "-q"}, tc.args...)...)
			if r.code != 1 {
				t.Errorf("exit code %d want 1", r.code)
			}
			if strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("stderr = %q, want one line containing %q", r.stderr, tc.want)
			}
		})
	}
}

// TestDialPipe: each line is a message; -n waits for the echoes; the close
// is clean.
func TestDialPipe(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"--no-reconnect=false", "--no-reconnect"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			r := runCmd(t, strings.NewReader("one\n\ntwo\r\nthree"), "dial", mode, "-n", "4", echoURL(t, ""))
			if r.code != 0 || r.stdout != "one\n\ntwo\nthree\n" {
				t.Errorf("exit code %d, stdout %q; want 0, %q\nstderr: %s", r.code, r.stdout, "one\n\ntwo\nthree\n", r.stderr)
			}
			if !strings.Contains(r.stderr, "wasmws: connected to ws://") {
				t.Errorf("stderr = %q, want a line saying it connected", r.stderr)
			}
		})
	}
}

// TestDialServerClose: a close with 1000 by the server is clean (exit 0,
// with a status line), unless fewer than -n messages came (exit 1, saying
// how many: before, it exited 0 and said nothing); another code is an error
// (exit 1).
func TestDialServerClose(t *testing.T) {
	t.Parallel()
	testCases := []struct {
		query string
		args  []string
		code  int
		want  string // in stderr
	}{
		// -w 1m: only the server's close ends the wait.
		{"close=1000&after=1", []string{"-w", "1m"}, 0, "wasmws: the server closed the connection (closed with 1000 NormalClosure)\n"},
		{"close=1000&after=1", []string{"-w", "1m", "--no-reconnect"}, 0, "wasmws: the server closed the connection (closed with 1000 NormalClosure)\n"},
		{"close=1000&after=1", []string{"-n", "5"}, 1, "wasmws: the server closed the connection (closed with 1000 NormalClosure) after 1 of the 5 messages -n asks for\n"},
		{"close=1000&after=1", []string{"-n", "5", "--no-reconnect"}, 1, "after 1 of the 5 messages -n asks for\n"},
		{"close=4001&reason=bye&after=1", []string{"-n", "5", "--no-reconnect"}, 1, `wasmws: the server closed with 4001 "bye"`},
		{"close=1008&after=1", []string{"-n", "5"}, 1, "closed with 1008 PolicyViolation"}, // not reconnected: the client is at fault
	}
	for _, tc := range testCases {
		t.Run(tc.query+" "+strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			args := append([]string{"dial"}, tc.args...)
			r := runCmd(t, strings.NewReader("a\n"), append(args, echoURL(t, tc.query))...)
			if r.code != tc.code || r.stdout != "a\n" || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit code %d, stdout %q, stderr %q; want %d, %q, %q", r.code, r.stdout, r.stderr, tc.code, "a\n", tc.want)
			}
		})
	}
}

// TestDialUncleanClose: a closing handshake the server never answers (it
// sends a pong and cuts TCP instead) is exit 1 in both modes; with
// reconnection the line says how many messages may not have been read
// (before, it exited 0 and said nothing).
func TestDialUncleanClose(t *testing.T) {
	t.Parallel()
	url := echoURL(t, "raw=8a00&rawclose=8a00")
	testCases := []struct {
		mode, want string
	}{
		{"--no-reconnect=false", "wasmws: the closing handshake did not complete: 1 message sent may not have been read\n"},
		{"--no-reconnect", "wasmws: the closing handshake did not complete\n"},
	}
	for _, tc := range testCases {
		r := runCmd(t, nil, "dial", "-q", tc.mode, "-x", "a", "-w", "0", url)
		if r.code != 1 || r.stderr != tc.want {
			t.Errorf("%s: exit code %d, stderr %q; want 1, %q", tc.mode, r.code, r.stderr, tc.want)
		}
	}
}

// TestDialGiveUp: after --max-retries the error says so once, with the
// last attempt's end (before: "gave up reconnecting: closed with 4000
// "bye": gave up reconnecting after 2 failed attempts: closed with
// StatusCode(4000) "bye"").
func TestDialGiveUp(t *testing.T) {
	t.Parallel()
	r := runCmd(t, strings.NewReader("a\n"), "dial", "-q", "--max-retries", "2", "--min-delay", "1ms", "--max-delay", "1ms", "-w", "1m", echoURL(t, "close=4000&reason=bye&after=0"))
	want := "wasmws: gave up reconnecting: --max-retries 2 attempts in a row failed or closed soon after opening; the last: closed with 4000 \"bye\"\n"
	if r.code != 1 || r.stderr != want {
		t.Errorf("exit code %d, stderr %q; want 1, %q", r.code, r.stderr, want)
	}
}

// TestDialReconnect: the server drops the connection after every echo; the
// client reconnects each time, and the next line goes out on the new
// connection.
func TestDialReconnect(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	cmd := execDial(ctx, "--min-delay", "20ms", "--max-delay", "100ms", echoURL(t, "drop=1"))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr := lines(t, cmd.StdoutPipe), lines(t, cmd.StderrPipe)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, stderr, "wasmws: connected to ")
	for _, msg := range []string{"one", "two", "three"} {
		if _, err := stdin.Write([]byte(msg + "\n")); err != nil {
			t.Fatal(err)
		}
		waitFor(t, stdout, msg)
		waitFor(t, stderr, "wasmws: connection lost")
		// Each loss is followed by a first attempt that succeeds: attempt 1,
		// whatever the client's own count since its last stable connection.
		waitFor(t, stderr, "wasmws: reconnected (attempt 1)")
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Errorf("after closing stdin: %v, want exit code 0", err)
	}
}

// TestDialBinary sends random bytes, in chunks from stdin and as a file, and
// checks what comes back through --json and --binary-output raw.
func TestDialBinary(t *testing.T) {
	t.Parallel()
	data := make([]byte, 200_000)
	for i := range data {
		data[i] = byte(rand.Uint32())
	}
	t.Run("chunks", func(t *testing.T) {
		t.Parallel()
		start := time.Now().Add(-time.Second)
		const chunk = 65536 // 200000 bytes: 4 messages
		r := runCmd(t, bytes.NewReader(data), "dial", "-q", "--binary", "--chunk", "65536", "--json", "-n", "4", echoURL(t, ""))
		if r.code != 0 {
			t.Fatalf("exit code %d, stderr %q", r.code, r.stderr)
		}
		var got []byte
		for i, line := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
			var m jsonMessage
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatalf("line %d %.80q: %v", i, line, err)
			}
			p, err := base64.StdEncoding.DecodeString(m.Data)
			if err != nil {
				t.Fatalf("line %d: data: %v", i, err)
			}
			at, err := time.Parse(time.RFC3339Nano, m.Time)
			if m.Type != "binary" || m.Size != len(p) || m.Size != min(chunk, len(data)-len(got)) || err != nil || at.Before(start) {
				t.Errorf("line %d: type %q size %d (data %d bytes) time %q; want binary, %d bytes, now", i, m.Type, m.Size, len(p), m.Time, min(chunk, len(data)-len(got)))
			}
			got = append(got, p...)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("echoed %d bytes, not the %d sent", len(got), len(data))
		}
	})
	t.Run("file", func(t *testing.T) {
		t.Parallel()
		file := filepath.Join(t.TempDir(), "data")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r := runCmd(t, nil, "dial", "-q", "--file", file, "--binary-output", "raw", "-n", "1", echoURL(t, ""))
		if r.code != 0 || r.stdout != string(data) {
			t.Errorf("exit code %d, %d bytes out, stderr %q; want 0 and the %d bytes sent", r.code, len(r.stdout), r.stderr, len(data))
		}
	})
}

// TestDialHandshake: subprotocols are offered in order, headers and the
// origin are sent.
func TestDialHandshake(t *testing.T) {
	t.Parallel()
	got := make(chan http.Header, 1)
	echo := server.New(server.Options{})
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Clone()
		echo.ServeHTTP(w, r)
	}))
	defer hs.Close()
	url := "ws" + strings.TrimPrefix(hs.URL, "http") + "/echo"
	r := runCmd(t, strings.NewReader("hi\n"), "dial", "--no-reconnect", "-n", "1",
		"-p", "nope", "--protocol", "chat", "-H", "X-Trace: abc", "--header", "x-other:  two ",
		"--origin", "http://127.0.0.1:1234", url)
	if r.code != 0 || r.stdout != "hi\n" {
		t.Fatalf("exit code %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "(protocol chat)") {
		t.Errorf("stderr = %q, want it to name protocol chat", r.stderr)
	}
	h := <-got
	for name, want := range map[string]string{
		"Sec-Websocket-Protocol": "nope,chat",
		"X-Trace":                "abc",
		"X-Other":                "two",
		"Origin":                 "http://127.0.0.1:1234",
	} {
		if v := strings.Join(h.Values(name), ", "); v != want {
			t.Errorf("header %s = %q want %q", name, v, want)
		}
	}
}

// TestDialInsecure: a server with a self-signed certificate is refused,
// unless --insecure.
func TestDialInsecure(t *testing.T) {
	t.Parallel()
	echo := server.New(server.Options{})
	hs := httptest.NewTLSServer(echo)
	defer hs.Close()
	url := "wss" + strings.TrimPrefix(hs.URL, "https") + "/echo"
	for _, mode := range []string{"--no-reconnect=false", "--no-reconnect"} {
		r := runCmd(t, strings.NewReader("hi\n"), "dial", "-q", mode, "-n", "1", url)
		// With the flags that help (before, the error alone).
		if r.code != 1 || !strings.Contains(r.stderr, "certificate") || !strings.HasSuffix(r.stderr, " (--ca FILE trusts the authority that signed it; -k skips the check)\n") {
			t.Errorf("%s without --insecure: exit code %d, stderr %q; want 1 and a certificate error naming --ca and -k", mode, r.code, r.stderr)
		}
	}
	for _, args := range [][]string{{"-k"}, {"--insecure", "--no-reconnect"}} {
		r := runCmd(t, strings.NewReader("hi\n"), append(append([]string{"dial", "-q", "-n", "1"}, args...), url)...)
		if r.code != 0 || r.stdout != "hi\n" {
			t.Errorf("with %v: exit code %d, stdout %q, stderr %q; want 0, %q", args, r.code, r.stdout, r.stderr, "hi\n")
		}
	}
}

// execDial returns a command running "wasmws dial args...".
func execDial(ctx context.Context, args ...string) *exec.Cmd {
	return exec.CommandContext(ctx, wasmwsBin, append([]string{"dial"}, args...)...)
}

// lines returns a channel of the lines of a pipe of the command.
func lines(t *testing.T, pipe func() (io.ReadCloser, error)) <-chan string {
	t.Helper()
	r, err := pipe()
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan string, 100)
	go func() {
		defer close(ch)
		s := bufio.NewScanner(r)
		for s.Scan() {
			ch <- s.Text()
		}
	}()
	return ch
}

// waitFor reads lines until one starts with prefix, for at most 10 seconds.
func waitFor(t *testing.T, lines <-chan string, prefix string) {
	t.Helper()
	var seen []string
	timeout := time.After(10 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("output ended before a line starting %q; got %q", prefix, seen)
			}
			if strings.HasPrefix(l, prefix) {
				return
			}
			seen = append(seen, l)
		case <-timeout:
			t.Fatalf("no line starting %q within 10s; got %q", prefix, seen)
		}
	}
}
