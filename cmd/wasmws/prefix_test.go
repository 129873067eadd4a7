//go:build !js

package main

import (
	"strings"
	"testing"
)

func TestPrefixWriter(t *testing.T) {
	t.Parallel()
	testCases := []struct {
		writes []string
		want   string
	}{
		{[]string{"a\nb\n"}, "[x] a\n[x] b\n"},
		{[]string{"par", "tial\n", "next"}, "[x] partial\n[x] next\n"},
		{[]string{"\n\n"}, "[x] \n[x] \n"},
		{nil, ""},
	}
	for _, tc := range testCases {
		var b strings.Builder
		p := newPrefixWriter(&b, "x")
		for _, w := range tc.writes {
			if n, err := p.Write([]byte(w)); n != len(w) || err != nil {
				t.Fatalf("Write(%q) = %d, %v", w, n, err)
			}
		}
		p.Flush()
		if b.String() != tc.want {
			t.Errorf("writes %q gave %q want %q", tc.writes, b.String(), tc.want)
		}
	}
}
