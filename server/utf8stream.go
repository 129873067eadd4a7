//go:build !js

package server

import "unicode/utf8"

// utf8Stream checks that text arriving in pieces is valid UTF-8, a rune
// possibly split between pieces, without copying the pieces. Its zero value
// is ready for a new message.
type utf8Stream struct {
	pending [utf8.UTFMax]byte // the start of a rune split at the end of the last piece
	n       int
}

// check reports whether p continues valid UTF-8. After false the stream is
// invalid whatever follows.
func (u *utf8Stream) check(p []byte) bool {
	for u.n > 0 && len(p) > 0 {
		u.pending[u.n] = p[0]
		u.n++
		p = p[1:]
		if utf8.FullRune(u.pending[:u.n]) {
			r, size := utf8.DecodeRune(u.pending[:u.n])
			if r == utf8.RuneError && size <= 1 || size != u.n {
				return false
			}
			u.n = 0
		}
	}
	if u.n > 0 {
		return true // p ended inside the pending rune
	}
	// A rune may start in the last three bytes and end in the next piece.
	tail := len(p)
	for i := len(p) - 1; i >= 0 && i >= len(p)-(utf8.UTFMax-1); i-- {
		if utf8.RuneStart(p[i]) {
			if !utf8.FullRune(p[i:]) {
				tail = i
			}
			break
		}
	}
	if !utf8.Valid(p[:tail]) {
		return false
	}
	u.n = copy(u.pending[:], p[tail:])
	return true
}

// complete reports whether the text so far ends on a whole rune: checked at
// the end of the message.
func (u *utf8Stream) complete() bool { return u.n == 0 }
