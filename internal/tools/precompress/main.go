//go:build !js

// Command precompress writes a brotli (name.br) and a gzip (name.gz) variant
// beside each file named on its command line, at the highest compression
// levels, for the bundled server to serve to clients that accept them (see
// package server). make runs it on the web assets after building them.
//
// Each variant gets its file's modification time: the bundled server serves
// a variant only when the two times are equal, so a variant left behind by an
// older build, or copied apart from its file, is never served in its place.
// A variant with its file's time already is kept as it is. Variants are
// written to a temporary file and renamed, so a server never sees half of
// one.
//
// Usage:
//
//	precompress FILE...
package main

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "precompress: %v\n", err)
		os.Exit(1)
	}
}

// variant is one precompressed form of a file: its suffix and a writer
// that compresses into w.
type variant struct {
	suffix string
	wrap   func(w io.Writer) io.WriteCloser
}

var variants = []variant{
	{".br", func(w io.Writer) io.WriteCloser {
		return brotli.NewWriterOptions(w, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 24})
	}},
	{".gz", func(w io.Writer) io.WriteCloser {
		zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression) // the level is valid
		return zw
	}},
}

// run writes the variants of each file in files and prints one line per
// file written.
func run(files []string, stdout io.Writer) error {
	if len(files) == 0 {
		return errors.New("usage: precompress FILE [FILE ...]")
	}
	for _, name := range files {
		fi, err := os.Stat(name)
		if err != nil {
			return err
		}
		for _, v := range variants {
			out := name + v.suffix
			if vi, err := os.Stat(out); err == nil && vi.ModTime().Equal(fi.ModTime()) {
				continue
			}
			size, err := compress(name, out, v.wrap)
			if err != nil {
				return err
			}
			if err := os.Chtimes(out, fi.ModTime(), fi.ModTime()); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s: %d -> %d bytes\n", out, fi.Size(), size)
		}
	}
	return nil
}

// compress writes src compressed by wrap into dst, through a temporary file
// in the same directory, and returns the size written.
func compress(src, dst string, wrap func(io.Writer) io.WriteCloser) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	zw := wrap(tmp)
	_, err = io.Copy(zw, in)
	err = errors.Join(err, zw.Close())
	var size int64
	if fi, serr := tmp.Stat(); serr == nil {
		size = fi.Size()
	}
	err = errors.Join(err, tmp.Close())
	if err != nil {
		return 0, fmt.Errorf("%s: %w", dst, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return 0, err
	}
	return size, os.Rename(tmp.Name(), dst)
}
