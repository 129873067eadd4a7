//go:build !js

package main

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
)

// fakeTTY is the terminal side of an editor in a test: keys to read, and
// what the editor drew.
type fakeTTY struct {
	keys    io.Reader
	mu      sync.Mutex
	out     bytes.Buffer
	changed chan struct{} // closed and replaced on every write
}

func (f *fakeTTY) Read(p []byte) (int, error) { return f.keys.Read(p) }

func (f *fakeTTY) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.changed != nil {
		close(f.changed)
	}
	f.changed = make(chan struct{})
	return f.out.Write(p)
}

// waitDrawn waits until what was drawn contains s.
func (f *fakeTTY) waitDrawn(s string) {
	for {
		f.mu.Lock()
		if f.changed == nil {
			f.changed = make(chan struct{})
		}
		done, ch := strings.Contains(f.out.String(), s), f.changed
		f.mu.Unlock()
		if done {
			return
		}
		<-ch
	}
}

func (f *fakeTTY) drawn() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.out.String()
}

// Arrow keys edit the line and walk the history; they are never part of
// what is sent (before the editor, "ab\x1b[D\x1b[Dc" was sent as typed).
func TestEditorKeys(t *testing.T) {
	t.Parallel()
	const (
		left  = "\x1b[D"
		up    = "\x1b[A"
		ctrlA = "\x01"
		ctrlE = "\x05"
		ctrlD = "\x04"
	)
	keys := "ab" + left + left + "c\r" + // insert at the start
		"first\r" +
		up + "!\r" + // history: the line before, edited
		"xy" + ctrlA + ">" + ctrlE + "<\r" +
		ctrlD
	e := newEditor(&fakeTTY{keys: strings.NewReader(keys)})
	var got []string
	for {
		line, err := e.ReadLine()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, line)
	}
	want := []string{"cab", "first", "first!", ">xy<"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lines read = %q want %q", got, want)
	}
}

// A message printed while a line is half typed goes above it; the prompt
// and the half-typed text are drawn again below.
func TestEditorKeepsHalfTypedLine(t *testing.T) {
	t.Parallel()
	keysR, keysW := io.Pipe()
	tty := &fakeTTY{keys: keysR}
	e := newEditor(tty)
	lines := make(chan string, 1)
	go func() {
		line, _ := e.ReadLine()
		lines <- line
	}()
	if _, err := keysW.Write([]byte("half")); err != nil {
		t.Fatal(err)
	}
	tty.waitDrawn("> half") // the editor echoed it
	p := &printer{stdout: e, stderr: e, interactive: true, escape: true, binaryOut: binarySize}
	p.message(1, []byte("incoming"))
	drawn := tty.drawn()
	i := strings.Index(drawn, "< incoming\r\n")
	if i < 0 || !strings.Contains(drawn[i:], "> half") {
		t.Errorf("drawn = %q, want the message then the prompt with %q again", drawn, "half")
	}
	keysW.Write([]byte(" typed\r"))
	if got := <-lines; got != "half typed" {
		t.Errorf("line = %q want %q", got, "half typed")
	}
}
