//go:build !js

package main

import (
	"bytes"
	"io"
)

// prefixWriter writes "[name] " before every line. It is not safe for
// concurrent use.
type prefixWriter struct {
	w       io.Writer
	prefix  []byte
	midLine bool // the last write ended without a newline
}

func newPrefixWriter(w io.Writer, name string) *prefixWriter {
	return &prefixWriter{w: w, prefix: []byte("[" + name + "] ")}
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	var out []byte
	for rest := b; len(rest) > 0; {
		if !p.midLine {
			out = append(out, p.prefix...)
		}
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line = rest[:i+1]
		}
		out = append(out, line...)
		p.midLine = line[len(line)-1] != '\n'
		rest = rest[len(line):]
	}
	if _, err := p.w.Write(out); err != nil {
		return 0, err
	}
	return len(b), nil
}

// Flush ends a last line that has no newline, so that the next engine's
// output starts on a line of its own.
func (p *prefixWriter) Flush() {
	if p.midLine {
		p.w.Write([]byte("\n"))
		p.midLine = false
	}
}
