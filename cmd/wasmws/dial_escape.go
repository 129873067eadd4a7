//go:build !js

package main

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// visible returns p, the bytes of a received message, with everything that
// a terminal would act on rather than show written as an escape: control
// characters (C0 but tab and newline, DEL, C1, so ESC becomes \u001b), the
// bidirectional overrides that reorder what is shown (U+202A–U+202E,
// U+2066–U+2069), and bytes that are not UTF-8 (\xff). A message cannot move
// the cursor, change colours, set the window title or answer a query in the
// user's name. The escapes are valid in JSON strings and in Go.
//
// "wasmws dial" applies it to what it prints on a terminal only: in a pipe the
// bytes are written as received.
func visible(p []byte) string {
	var b strings.Builder
	b.Grow(len(p))
	for len(p) > 0 {
		r, size := utf8.DecodeRune(p)
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, p[0])
		case hidden(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.Write(p[:size])
		}
		p = p[size:]
	}
	return b.String()
}

// hidden reports whether a terminal would act on r instead of showing it.
func hidden(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}
