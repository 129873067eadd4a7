package resumeproto

import (
	"errors"
	"testing"

	"github.com/wasmws/wasmws/internal/errtree"
)

// TestReason checks that Reason finds the violation wherever it sits in
// the error's tree, as errors.As would.
func TestReason(t *testing.T) {
	for err, want := range map[error]string{
		errTruncated:                           "truncated frame",
		errtree.Wrap(errGap, "seq 7"):          "sequence gap",
		errors.Join(ErrProtocol, errCredit):    "data beyond credit",
		errors.New("some other failure"):       "protocol violation",
		errtree.Wrap(ErrProtocol, "no reason"): "protocol violation",
	} {
		if got := Reason(err); got != want {
			t.Errorf("Reason(%v) = %q, want %q", err, got, want)
		}
	}
}
