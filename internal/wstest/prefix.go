package wstest

import (
	"strings"
	"testing"

	"github.com/wasmws/wasmws/internal/errtree"
)

// WantOnePrefix fails the test unless err's text starts with the library's
// prefix ("wasmws: ") and has it nowhere else: an error built from others
// says the prefix once, as Go's convention has it.
func WantOnePrefix(tb testing.TB, err error) {
	tb.Helper()
	if err == nil {
		tb.Errorf("err = nil, want an error whose text starts with %q", errtree.Prefix)
		return
	}
	s := err.Error()
	if !strings.HasPrefix(s, errtree.Prefix) || strings.Count(s, strings.TrimSpace(errtree.Prefix)) != 1 {
		tb.Errorf("error text %q: want %q once, at the start", s, errtree.Prefix)
	}
}
