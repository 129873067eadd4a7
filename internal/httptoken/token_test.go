package httptoken

import (
	"strings"
	"testing"
)

// separators are RFC 9110's delimiters: visible ASCII that is not a tchar.
const separators = `()<>@,;:\"/[]?={}`

func TestValid(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"chat": true, "echo-protocol": true, "v1.json": true, "a!#$%&'*+-.^_`|~z": true,
		"": false, "a b": false, "a,b": false, "ü": false, "a\x7f": false, "\t": false,
	} {
		if got := Valid(s); got != want {
			t.Errorf("Valid(%q) = %v want %v", s, got, want)
		}
	}
}

// TestEveryByte: a byte is a token on its own exactly when it is visible
// ASCII and not a separator, the rule as RFC 9110 words it.
func TestEveryByte(t *testing.T) {
	t.Parallel()
	for c := 0; c < 256; c++ {
		want := c > ' ' && c < 0x7f && !strings.ContainsRune(separators, rune(c))
		if got := Valid(string([]byte{byte(c)})); got != want {
			t.Errorf("Valid(%q) = %v want %v", []byte{byte(c)}, got, want)
		}
	}
}

func FuzzValid(f *testing.F) {
	for _, s := range []string{"chat", "a b", "", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := s != ""
		for i := 0; i < len(s); i++ {
			if c := s[i]; c <= ' ' || c >= 0x7f || strings.IndexByte(separators, c) >= 0 {
				want = false
			}
		}
		if got := Valid(s); got != want {
			t.Errorf("Valid(%q) = %v want %v", s, got, want)
		}
	})
}
