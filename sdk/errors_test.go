package sdk_test

import (
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/wasmws/wasmws/sdk"
)

// TestErrClosedMatchesNet: on both targets, what matches ErrClosed matches
// net.ErrClosed (the browser build has its own ErrClosed, see errors_js.go).
func TestErrClosedMatchesNet(t *testing.T) {
	for _, err := range []error{
		sdk.ErrClosed,
		sdk.CloseError{Code: sdk.StatusNormalClosure, WasClean: true},
		fmt.Errorf("send: %w", sdk.ErrClosed),
		fmt.Errorf("receive: %w", sdk.CloseError{Code: sdk.StatusAbnormalClosure}),
	} {
		if !errors.Is(err, sdk.ErrClosed) || !errors.Is(err, net.ErrClosed) {
			t.Errorf("%v: errors.Is ErrClosed = %t, net.ErrClosed = %t, want both", err,
				errors.Is(err, sdk.ErrClosed), errors.Is(err, net.ErrClosed))
		}
	}
	if got, want := sdk.ErrClosed.Error(), net.ErrClosed.Error(); got != want {
		t.Errorf("ErrClosed says %q, net.ErrClosed %q", got, want)
	}
	// ErrClosed, as the error, matches no other target: not even an error
	// with its text.
	for _, target := range []error{errors.New(net.ErrClosed.Error()), sdk.ErrSyntax, sdk.CloseError{}} {
		//lint:ignore SA1032 the sentinel is the error under test here, on purpose
		if errors.Is(sdk.ErrClosed, target) {
			t.Errorf("ErrClosed matches %#v", target)
		}
	}
}
