package sdk_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/wasmws/wasmws/internal/sendparts"
	"github.com/wasmws/wasmws/sdk"
)

// TestSendParts sends messages as a head and a body (the seam package
// reconnect sends resume DATA frames through) between ordinary Sends, and
// checks the echoes: each the concatenation of its parts, in order. The
// head is changed at once after the send returns, as the seam allows; the
// body, which the seam may keep until written, is not. The
// sizes cross every path in the browser: the scratch array at each size
// it grows to, a body of 1 MiB behind heads up to the longest that may sit
// in front of it there (64 B), and the heads and totals beyond that, which
// are joined first.
func TestSendParts(t *testing.T) {
	const mib = 1 << 20
	cases := []struct{ head, body int }{
		{0, 0}, {5, 0}, {0, 100}, {15, 16}, {15, 4096 - 15}, {15, 4096},
		{15, 65536}, {1, mib}, {15, mib}, {64, mib}, {15, 100},
		{65, 10}, {15, mib + 50}, {15, mib + 64}, {3, 7},
	}
	c := dial(t, "", &sdk.Options{ReadLimit: 4 << 20})
	ctx := testContext(t)
	var want [][]byte
	for i, tc := range cases {
		head, body := pattern(i, tc.head), pattern(100+i, tc.body)
		want = append(want, append(append([]byte(nil), head...), body...))
		if err := sendparts.Send(ctx, c, head, body); err != nil {
			t.Fatalf("sendparts.Send(%d + %d bytes) = %v", tc.head, tc.body, err)
		}
		clear(head)
		if i%4 == 3 {
			p := pattern(200+i, 3000)
			want = append(want, bytes.Clone(p))
			if err := c.Send(ctx, sdk.Binary, p); err != nil {
				t.Fatalf("Send() = %v", err)
			}
		}
		// Receive as we go: a burst of several MiB would wait on the
		// echo server's own backpressure.
		for len(want) > 0 {
			typ, got := receive(t, c)
			if typ != sdk.Binary || !bytes.Equal(got, want[0]) {
				t.Errorf("case %d: echo = %v %d bytes, want binary %d bytes (equal: %v)", i, typ, len(got), len(want[0]), bytes.Equal(got, want[0]))
			}
			want = want[1:]
		}
	}
}

// TestSendPartsErrors: the seam refuses what is not a connection, and a
// closed connection as Send does.
func TestSendPartsErrors(t *testing.T) {
	ctx := testContext(t)
	if err := sendparts.Send(ctx, "not a conn", nil, nil); !errors.Is(err, sdk.ErrInvalidState) {
		t.Errorf("sendparts.Send(a string) = %v want ErrInvalidState", err)
	}
	c := dial(t, "", nil)
	if err := c.Close(sdk.StatusNormalClosure, ""); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	if err := sendparts.Send(ctx, c, []byte{1}, []byte{2}); !errors.Is(err, sdk.ErrClosed) {
		t.Errorf("sendparts.Send after Close = %v want ErrClosed", err)
	}
}
