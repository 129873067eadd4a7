package wasmpack

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestPackFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "m.wasm")
	in := module(sectionMemory, memorySec(1), sectionData, vec(activeSeg(0, 1), activeSeg(2, 2)))
	if err := os.WriteFile(path, in, 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := PackFile(path, path, nil)
	if err != nil || st.SegmentsBefore != 2 || st.SegmentsAfter != 1 {
		t.Fatalf("PackFile = %+v, %v want 2 → 1 segments", st, err)
	}
	want, _, _ := Pack(in, nil)
	if got, _ := os.ReadFile(path); !bytes.Equal(got, want) {
		t.Errorf("file holds %x want %x", got, want)
	}

	bad := filepath.Join(dir, "bad.wasm")
	junk := []byte("\x00asm\x01\x00\x00\x00\x0b\x09")
	if err := os.WriteFile(bad, junk, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := PackFile(bad, path, nil); !errors.Is(err, ErrMalformed) {
		t.Errorf("PackFile of a truncated module: %v want ErrMalformed", err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, want) {
		t.Errorf("a failed PackFile changed its output file")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("%d files in the directory want 2 (no temporary file left)", len(entries))
	}
}
