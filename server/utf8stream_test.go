//go:build !js

package server

import (
	"testing"
	"unicode/utf8"
)

func TestUTF8Stream(t *testing.T) {
	testCases := []string{
		"", "hello", "über", "日本語", "😀x", "\xff", "a\xc3", "\xe0\x80\x80", "\xed\xa0\x80",
		"\xf4\x90\x80\x80", "\xef\xbf\xbd", "\xc3\xbc\xbc", "x\xf0\x9f\x98",
	}
	for _, s := range testCases {
		for split := 0; split <= len(s); split++ {
			if got, want := streamValid([]byte(s), split), utf8.ValidString(s); got != want {
				t.Errorf("%q split at %d: valid %v want %v", s, split, got, want)
			}
		}
	}
}

// streamValid runs s through a utf8Stream in two pieces, then in pieces of
// one byte, and reports the verdict (they must agree).
func streamValid(s []byte, split int) bool {
	var u utf8Stream
	two := u.check(s[:split]) && u.check(s[split:]) && u.complete()
	var v utf8Stream
	ones := true
	for i := range s {
		ones = ones && v.check(s[i:i+1])
	}
	ones = ones && v.complete()
	if two != ones {
		return !utf8.Valid(s) // disagreement: make the caller fail
	}
	return two
}

func FuzzUTF8Stream(f *testing.F) {
	f.Add([]byte("über"), 2)
	f.Add([]byte("\xf0\x9f\x98\x80"), 3)
	f.Add([]byte("\xed\xa0\x80"), 1)
	f.Fuzz(func(t *testing.T, s []byte, split int) {
		if split < 0 || split > len(s) {
			split = len(s) / 2
		}
		if got, want := streamValid(s, split), utf8.Valid(s); got != want {
			t.Fatalf("%q split at %d: valid %v want %v", s, split, got, want)
		}
	})
}
