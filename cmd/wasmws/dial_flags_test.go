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

// TestPrinter checks the terminal rendering: the prompt is erased before a
// line and drawn again after it.
func TestPrinter(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	p := &printer{stdout: &stdout, stderr: &stderr, interactive: true, prompt: true, binaryOut: binarySize, now: time.Now}
	p.showPrompt()
	p.message(sdk.Text, []byte("hi"))
	p.message(sdk.Binary, []byte{1, 2, 3})
	p.status("reconnected")
	want := "> " + eraseLine + "< hi\n> " + eraseLine + "< [binary, 3 bytes]\n> " + eraseLine + "> "
	if got := stdout.String(); got != want {
		t.Errorf("stdout = %q want %q", got, want)
	}
	if got := stderr.String(); got != "* reconnected\n" {
		t.Errorf("stderr = %q want %q", got, "* reconnected\n")
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
