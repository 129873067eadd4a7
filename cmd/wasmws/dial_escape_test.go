//go:build !js

package main

import "testing"

// What a hostile server sends reaches the terminal as text, never as a
// control sequence; what is plain text is unchanged.
func TestVisible(t *testing.T) {
	t.Parallel()
	testCases := []struct{ in, want string }{
		{"plain text, é, 日本", "plain text, é, 日本"},
		{"two\nlines\tand a tab", "two\nlines\tand a tab"},
		{"\x1b[31mred\x1b[0m", `\u001b[31mred\u001b[0m`},
		{"\x1b]0;title\x07", `\u001b]0;title\u0007`},
		{"over\rwrite", `over\u000dwrite`},
		{"del\x7f", `del\u007f`},
		{"c1 \u009b2J", `c1 \u009b2J`},
		{"bidi \u202egnp.exe", `bidi \u202egnp.exe`},
		{"bad \xff\xfe utf-8", `bad \xff\xfe utf-8`},
		{"", ""},
	}
	for _, tc := range testCases {
		if got := visible([]byte(tc.in)); got != tc.want {
			t.Errorf("visible(%q) = %q want %q", tc.in, got, tc.want)
		}
	}
}
