package reconnect_test

import (
	"context"
	"testing"

	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// TestResumeWaterMarkAllowance: with Resume, every connection is dialled
// with its water marks ResumeWaterMarkAllowance above what sdk.Options says
// (defaults filled in first), so that the protocol's bytes do not make a
// message wait that plain mode would send; without Resume they are as given.
func TestResumeWaterMarkAllowance(t *testing.T) {
	t.Parallel()
	const a = reconnect.ResumeWaterMarkAllowance
	for _, tc := range []struct {
		name              string
		resume            bool
		high, low         int64
		wantHigh, wantLow int64
	}{
		{"resume defaults", true, 0, 0, sdk.DefaultHighWaterMark + a, sdk.DefaultHighWaterMark/4 + a},
		{"resume HighWaterMark", true, 64 << 10, 0, 64<<10 + a, 16<<10 + a},
		{"resume both", true, 64 << 10, 1000, 64<<10 + a, 1000 + a},
		{"plain", false, 64 << 10, 1000, 64 << 10, 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dialled := make(chan sdk.Options, 1)
			c := dial(t, "", fast(reconnect.Options{
				Options: sdk.Options{HighWaterMark: tc.high, LowWaterMark: tc.low},
				Resume:  tc.resume,
				Dial: func(ctx context.Context, url string, o *sdk.Options) (*sdk.Conn, error) {
					select {
					case dialled <- *o:
					default:
					}
					return sdk.Dial(ctx, url, o)
				},
			}))
			echo(t, c, "through the raised water marks")
			wantMode := reconnect.ModePlain
			if tc.resume {
				wantMode = reconnect.ModeResume
			}
			if m := c.Mode(); m != wantMode {
				t.Errorf("Mode() = %v want %v", m, wantMode)
			}
			o := <-dialled
			if o.HighWaterMark != tc.wantHigh || o.LowWaterMark != tc.wantLow {
				t.Errorf("dialled with HighWaterMark %d, LowWaterMark %d want %d, %d",
					o.HighWaterMark, o.LowWaterMark, tc.wantHigh, tc.wantLow)
			}
		})
	}
}
