//go:build !js

package main

import (
	"bytes"
	"io"
	"reflect"
	"testing"
	"time"

	"github.com/wasmws/wasmws/sdk"
)

// TestParseDialFlags: short and long spellings, repeated flags, and the URL
// anywhere among the flags.
func TestParseDialFlags(t *testing.T) {
	t.Parallel()
	cfg, err := parseDialFlags([]string{
		"-p", "a", "ws://h/x", "--protocol", "b", "-H", "X-A: 1", "--header=x-a:2",
		"--origin", "http://o", "-k", "-q", "--min-delay", "1s", "-n", "3", "--json",
	}, io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.url != "ws://h/x" || !reflect.DeepEqual(cfg.protocols, []string{"a", "b"}) ||
		!reflect.DeepEqual(cfg.header["X-A"], []string{"1", "2"}) || cfg.header.Get("Origin") != "http://o" ||
		!cfg.insecure || !cfg.quiet || cfg.minDelay != time.Second || cfg.replies != 3 || !cfg.json {
		t.Errorf("parseDialFlags = %+v", cfg)
	}
}

// TestPrinter checks the interactive rendering (markers, escapes on a
// terminal, status lines escaped always) and --json.
func TestPrinter(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	p := &printer{stdout: &stdout, stderr: &stderr, interactive: true, escape: true, binaryOut: binarySize, now: time.Now}
	p.message(sdk.Text, []byte("hi \x1b[2J"))
	p.message(sdk.Binary, []byte{1, 2, 3})
	p.status("closed with %s", "\x1b]0;pwned\x07")
	want := "< hi \\u001b[2J\n< [binary, 3 bytes]\n"
	if got := stdout.String(); got != want {
		t.Errorf("stdout = %q want %q", got, want)
	}
	if got, want := stderr.String(), `* closed with \u001b]0;pwned\u0007`+"\n"; got != want {
		t.Errorf("stderr = %q want %q", got, want)
	}

	// In a pipe, messages are written as they came.
	stdout.Reset()
	p = &printer{stdout: &stdout, binaryOut: binaryRaw, now: time.Now}
	p.message(sdk.Text, []byte("\x1b[1mbold"))
	p.message(sdk.Binary, []byte{0x1b, 0xff})
	if got, want := stdout.String(), "\x1b[1mbold\n\x1b\xff"; got != want {
		t.Errorf("pipe stdout = %q want %q", got, want)
	}

	stdout.Reset()
	p = &printer{stdout: &stdout, binaryOut: binaryHex, json: true, now: func() time.Time { return time.Unix(0, 0) }}
	p.message(sdk.Binary, []byte{0xff})
	p.message(sdk.Text, []byte("é"))
	want = `{"type":"binary","size":1,"time":"1970-01-01T00:00:00Z","data":"/w=="}` + "\n" +
		`{"type":"text","size":2,"time":"1970-01-01T00:00:00Z","data":"é"}` + "\n"
	if got := stdout.String(); got != want {
		t.Errorf("--json output = %q want %q", got, want)
	}
}
