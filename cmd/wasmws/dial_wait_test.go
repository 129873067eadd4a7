//go:build !js

package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasmws/wasmws/internal/testpki"
	"github.com/wasmws/wasmws/sdk"
	"github.com/wasmws/wasmws/server"
)

// lockedBuffer is a bytes.Buffer safe for concurrent use that can wait for
// content.
type lockedBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	changed chan struct{}
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.changed != nil {
		close(l.changed)
		l.changed = nil
	}
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor returns a channel closed once the buffer contains s.
func (l *lockedBuffer) waitFor(s string) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			l.mu.Lock()
			if strings.Contains(l.b.String(), s) {
				l.mu.Unlock()
				return
			}
			if l.changed == nil {
				l.changed = make(chan struct{})
			}
			ch := l.changed
			l.mu.Unlock()
			<-ch
		}
	}()
	return done
}

// Piped lines without -n: the echoes that arrive before the link goes quiet
// are printed, then the session closes cleanly (before, it closed as soon as
// stdin ended and printed nothing). The quiet period is a stand-in timer
// that fires only once both echoes are out, so the test never depends on
// speed.
func TestDialPipeWaitsForQuiet(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"--no-reconnect=false", "--no-reconnect"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			cfg, err := parseDialFlags([]string{mode, echoURL(t, "")}, io.Discard, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			var stdout lockedBuffer
			out := &printer{stdout: &stdout, stderr: io.Discard, binaryOut: binarySize, now: time.Now}
			asked := make(chan time.Duration, 10)
			after := func(d time.Duration) <-chan time.Time {
				asked <- d
				fire := make(chan time.Time, 1)
				go func() {
					<-stdout.waitFor("a\nb\n")
					fire <- time.Time{}
				}()
				return fire
			}
			in := strings.NewReader("a\nb\n")
			if err := dial(t.Context(), cfg, in, newPipeLines(in), out, after); err != nil {
				t.Errorf("dial: %v", err)
			}
			if got := stdout.String(); got != "a\nb\n" {
				t.Errorf("stdout = %q want %q", got, "a\nb\n")
			}
			if d := <-asked; d != defaultWait {
				t.Errorf("quiet period %v want the default %v", d, defaultWait)
			}
		})
	}
}

// -n more than the server sends ends after --wait with exit status 1 and a
// line saying how many came (before, it waited forever).
func TestDialTooFewReplies(t *testing.T) {
	t.Parallel()
	r := runCmd(t, strings.NewReader("a\nb\n"), "dial", "-q", "-n", "5", "-w", "100ms", echoURL(t, ""))
	if r.code != 1 || !strings.Contains(r.stderr, "of the 5 messages -n asks for came") {
		t.Errorf("exit code %d, stderr %q; want 1 and a line saying how many of the 5 came", r.code, r.stderr)
	}
}

// -x sends its messages without reading stdin; -n 2 then ends the session
// as soon as both echoes came.
func TestDialExecute(t *testing.T) {
	t.Parallel()
	r := runCmd(t, strings.NewReader("never sent\n"), "dial", "-q", "-x", "one", "--execute", "two", "-n", "2", echoURL(t, ""))
	if r.code != 0 || r.stdout != "one\ntwo\n" {
		t.Errorf("exit code %d, stdout %q, stderr %q; want 0, %q", r.code, r.stdout, r.stderr, "one\ntwo\n")
	}
}

// A URL without a scheme is ws://, as in wscat.
func TestDialWithoutScheme(t *testing.T) {
	t.Parallel()
	url := strings.TrimPrefix(echoURL(t, ""), "ws://")
	r := runCmd(t, nil, "dial", "-q", "-x", "hi", "-n", "1", url)
	if r.code != 0 || r.stdout != "hi\n" {
		t.Errorf("dial %s: exit code %d, stdout %q, stderr %q; want 0, %q", url, r.code, r.stdout, r.stderr, "hi\n")
	}
	for in, want := range map[string]string{
		"localhost:9998/echo": "ws://localhost:9998/echo",
		"wss://h/x":           "wss://h/x",
		"http://h/x":          "http://h/x",
		"":                    "",
	} {
		if got := withScheme(in); got != want {
			t.Errorf("withScheme(%q) = %q want %q", in, got, want)
		}
	}
}

// fakeSession records what the slash commands do.
type fakeSession struct {
	sent    []string
	closed  []string
	pingErr error
}

func (f *fakeSession) Send(_ context.Context, _ sdk.MessageType, p []byte) error {
	f.sent = append(f.sent, string(p))
	return nil
}
func (f *fakeSession) Receive(context.Context) (sdk.MessageType, []byte, error) {
	return 0, nil, sdk.ErrClosed
}
func (f *fakeSession) closeWith(code sdk.StatusCode, reason string) error {
	if err := sdk.ValidateClose(code, reason); err != nil {
		return err
	}
	f.closed = append(f.closed, strings.TrimSpace(code.String()+" "+reason))
	return nil
}
func (f *fakeSession) ping(context.Context) error { return f.pingErr }
func (f *fakeSession) result(err error) error     { return err }

// Interactive lines: slash commands run, "//" escapes a slash, empty lines
// are skipped, everything else is sent.
func TestSlashCommands(t *testing.T) {
	t.Parallel()
	testCases := []struct {
		name       string
		lines      string
		wantSent   []string
		wantClosed []string
		wantStatus string // in the status output
		wantClose  bool   // the input ends with a *closedByCommand
	}{
		{"messages", "hello\n\n//etc/passwd\n", []string{"hello", "/etc/passwd"}, nil, "", false},
		{"close", "/close\nlater\n", nil, []string{"NormalClosure(1000)"}, "", true},
		{"close with code and reason", "/close 4001 gone for good\n", nil, []string{"StatusCode(4001) gone for good"}, "", true},
		{"close with a code not allowed", "/close 1001\nstill here\n", []string{"still here"}, nil, "/close:", false},
		{"close with no number", "/close soon\n", nil, nil, "the code is a number", false},
		{"ping", "/ping\n", nil, nil, "pong in ", false},
		{"help", "/help\n", nil, nil, "/close [CODE [REASON]]", false},
		{"unknown", "/nope\n", nil, nil, `unknown command "/nope"`, false},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := &fakeSession{}
			var status bytes.Buffer
			out := &printer{stdout: io.Discard, stderr: &status, interactive: true}
			err := sendLines(t.Context(), s, newPipeLines(strings.NewReader(tc.lines)), out)
			var cc *closedByCommand
			if closed := errors.As(err, &cc); closed != tc.wantClose || (err != nil && !closed) || (closed && cc.err != nil) {
				t.Errorf("sendLines = %v; want a clean close by command: %v", err, tc.wantClose)
			}
			if strings.Join(s.sent, "|") != strings.Join(tc.wantSent, "|") {
				t.Errorf("sent %q want %q", s.sent, tc.wantSent)
			}
			if strings.Join(s.closed, "|") != strings.Join(tc.wantClosed, "|") {
				t.Errorf("closed %q want %q", s.closed, tc.wantClosed)
			}
			if !strings.Contains(status.String(), tc.wantStatus) {
				t.Errorf("status = %q, want it to contain %q", status.String(), tc.wantStatus)
			}
		})
	}
	// Between connections there is nothing to ping.
	var status bytes.Buffer
	out := &printer{stdout: io.Discard, stderr: &status, interactive: true}
	_ = sendLines(t.Context(), &fakeSession{pingErr: errNotConnected}, newPipeLines(strings.NewReader("/ping\n")), out)
	if !strings.Contains(status.String(), "not connected") {
		t.Errorf("/ping between connections: status %q, want it to say so", status.String())
	}
}

// /ping on one connection measures a real round trip; /close with a code
// closes with it.
func TestSlashOnConn(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, err := sdk.Dial(ctx, echoURL(t, ""), nil)
	if err != nil {
		t.Fatal(err)
	}
	s := &connSession{Conn: c}
	var status bytes.Buffer
	out := &printer{stdout: io.Discard, stderr: &status, interactive: true}
	err = sendLines(ctx, s, newPipeLines(strings.NewReader("/ping\n/close 4000 done\n")), out)
	var cc *closedByCommand
	if !errors.As(err, &cc) || cc.err != nil || !strings.Contains(status.String(), "pong in ") {
		t.Errorf("sendLines = %v, status %q; want a clean close by command after a pong", err, status.String())
	}
	if ce, ok := c.CloseStatus(); !ok || ce.Code != 4000 || ce.Reason != "done" || !ce.WasClean {
		t.Errorf("CloseStatus = %+v, %v; want a clean 4000 \"done\"", ce, ok)
	}
}

// --ca trusts a private CA (here the test server's own certificate) and
// --cert/--key present a client certificate to a server that requires one:
// with all three the session works, without the certificate it fails; a
// file without what its flag needs, or --cert without --key, is a usage
// error.
func TestDialCA(t *testing.T) {
	t.Parallel()
	pki := testpki.New(t)
	clientCAs := x509.NewCertPool()
	if !clientCAs.AppendCertsFromPEM(pki.CACert) {
		t.Fatal("test CA does not parse")
	}
	hs := httptest.NewUnstartedServer(server.New(server.Options{}))
	hs.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshakes failed on purpose
	hs.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: clientCAs}
	hs.StartTLS()
	defer hs.Close()
	dir := t.TempDir()
	file := func(name string, content []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	ca := file("ca.pem", testpki.PEM("CERTIFICATE", hs.Certificate().Raw))
	cert, key := file("client.pem", pki.ClientCert), file("client.key", pki.ClientKey)
	notPEM := file("not.pem", []byte("hello"))
	url := "wss" + strings.TrimPrefix(hs.URL, "https") + "/echo"

	r := runCmd(t, nil, "dial", "-q", "--ca", ca, "--cert", cert, "--key", key, "-x", "hi", "-n", "1", url)
	if r.code != 0 || r.stdout != "hi\n" {
		t.Errorf("--ca --cert --key: exit code %d, stdout %q, stderr %q; want 0, %q", r.code, r.stdout, r.stderr, "hi\n")
	}
	r = runCmd(t, nil, "dial", "-q", "--ca", ca, "-x", "hi", "-n", "1", url)
	if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "certificate required") {
		t.Errorf("--ca without --cert: exit code %d, stdout %q, stderr %q; want 1 and the server's alert", r.code, r.stdout, r.stderr)
	}
	usageErrors := []struct {
		name string
		args []string
		want string
	}{
		{"--ca not PEM", []string{"--ca", notPEM}, "no PEM certificate"},
		{"--ca missing", []string{"--ca", filepath.Join(dir, "missing.pem")}, "--ca: open"},
		{"--cert without --key", []string{"--ca", ca, "--cert", cert}, "--cert and --key must be given together"},
		{"--key not a key", []string{"--cert", cert, "--key", ca}, "--cert " + cert},
	}
	for _, tc := range usageErrors {
		r := runCmd(t, nil, append(append([]string{"dial"}, tc.args...), url)...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit code %d, stderr %q; want 2 and %q", tc.name, r.code, r.stderr, tc.want)
		}
		if n := strings.Count(r.stderr, "wasmws:"); n != 1 {
			t.Errorf("%s: stderr %q has the prefix \"wasmws:\" %d times, want once", tc.name, r.stderr, n)
		}
	}
}

// /ping on the reconnecting client pings its open connection; /close is a
// clean end (before, it was reported as "connection ended: client closed",
// exit status 1).
func TestSlashCloseReconnect(t *testing.T) {
	t.Parallel()
	cfg, err := parseDialFlags([]string{echoURL(t, "")}, io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	out := &printer{stdout: io.Discard, stderr: io.Discard, interactive: true}
	s, err := openReconnect(t.Context(), cfg, cfg.url, cfg.reconnectOptions(), out)
	if err != nil {
		t.Fatal(err)
	}
	var status lockedBuffer
	out.stderr = &status
	err = sendLines(t.Context(), s, newPipeLines(strings.NewReader("/ping\n/close 4000 done\n")), out)
	var cc *closedByCommand
	if !errors.As(err, &cc) || cc.err != nil {
		t.Errorf("sendLines = %v (close: %v); want a clean close by command", err, cc)
	}
	if !strings.Contains(status.String(), "pong in ") {
		t.Errorf("/ping: status %q, want a pong", status.String())
	}
}

// /close in a whole session ends it cleanly, whichever of the input and the
// receiver notices first (before, when the receiver won, the close was
// reported as "connection ended: client closed", exit status 1). A refused
// code keeps the session open; the close done is a status line.
func TestDialSlashCloseSession(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"--no-reconnect=false", "--no-reconnect"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			for range 20 { // the race between the two is decided anew each run
				cfg, err := parseDialFlags([]string{mode, echoURL(t, "")}, io.Discard, io.Discard)
				if err != nil {
					t.Fatal(err)
				}
				var status lockedBuffer
				out := &printer{stdout: io.Discard, stderr: &status, interactive: true}
				in := strings.NewReader("/close 1001\nhi\n/close 4000 done\n")
				if err := dial(t.Context(), cfg, in, newPipeLines(in), out, time.After); err != nil {
					t.Fatalf("dial = %v want nil after /close 4000\nstatus:\n%s", err, status.String())
				}
				if !strings.Contains(status.String(), "/close: invalid access") {
					t.Errorf("status %q, want /close 1001 refused", status.String())
				}
				// Said once it is done (before, nothing was).
				if !strings.HasSuffix(status.String(), "* closed with 4000 \"done\"\n") {
					t.Errorf("status %q, want it to end with the close done", status.String())
				}
			}
		})
	}
}
