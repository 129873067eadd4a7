//go:build !js

package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// Each variant decompresses to the file and has its time; a variant with
// that time is left alone, one with another time is rewritten.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "app.js")
	data := []byte(strings.Repeat("export const x = 1;\n", 500))
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run([]string{name}, &out); err != nil {
		t.Fatal(err)
	}
	readers := map[string]func(io.Reader) (io.Reader, error){
		".br": func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
		".gz": func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
	}
	for suffix, open := range readers {
		f, err := os.Open(name + suffix)
		if err != nil {
			t.Fatal(err)
		}
		r, err := open(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		f.Close()
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%s decompresses to %d bytes, %v; want the %d bytes of the file", suffix, len(got), err, len(data))
		}
		fi, _ := os.Stat(name)
		if vi, err := os.Stat(name + suffix); err != nil || !vi.ModTime().Equal(fi.ModTime()) {
			t.Errorf("%s: modification time %v want the file's %v (%v)", suffix, vi.ModTime(), fi.ModTime(), err)
		}
	}
	if n := strings.Count(out.String(), "\n"); n != 2 {
		t.Errorf("first run printed %d lines want 2:\n%s", n, out.String())
	}

	out.Reset()
	if err := run([]string{name}, &out); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 {
		t.Errorf("second run with fresh variants printed %q, want nothing", out.String())
	}

	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(name, later, later); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{name}, &out); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "\n"); n != 2 {
		t.Errorf("run after the file changed printed %d lines want 2:\n%s", n, out.String())
	}
}

func TestRunErrors(t *testing.T) {
	if err := run(nil, io.Discard); err == nil {
		t.Error("run() with no files: nil error")
	}
	if err := run([]string{filepath.Join(t.TempDir(), "missing")}, io.Discard); !os.IsNotExist(err) {
		t.Errorf("run(missing) = %v want a not-exist error", err)
	}
}
