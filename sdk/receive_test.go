package sdk_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/wasmws/wasmws/internal/wstest"
	"github.com/wasmws/wasmws/sdk"
)

func TestReadLimit(t *testing.T) {
	for _, typ := range []string{"binary", "text"} {
		t.Run(typ, func(t *testing.T) {
			t.Parallel()
			c := dial(t, "push=2&size=1000&pushtype="+typ, &sdk.Options{ReadLimit: 999})
			ce, err := receiveClose(t, c)
			if !errors.Is(err, sdk.ErrMessageTooBig) {
				t.Errorf("Receive() = %v, want ErrMessageTooBig", err)
			}
			wstest.WantOnePrefix(t, err) // the CloseError's text, then the cause's
			// The SDK closes with StatusReadLimit; natively it then stops
			// reading, so the peer's answer is never read and the close is
			// not clean; the browser keeps reading until the answer.
			want := sdk.CloseError{Code: sdk.StatusReadLimit, WasClean: true}
			if stopsReadingAtLimit {
				want = sdk.CloseError{Code: sdk.StatusAbnormalClosure}
			}
			if ce.Code != want.Code || ce.WasClean != want.WasClean {
				t.Errorf("CloseError = %+v, want %+v", ce, want)
			}
		})
	}
	t.Run("at the limit", func(t *testing.T) {
		t.Parallel()
		c := dial(t, "push=1&size=1000", &sdk.Options{ReadLimit: 1000})
		if _, p := receive(t, c); len(p) != 1000 {
			t.Errorf("message at ReadLimit: got %d bytes", len(p))
		}
	})
}

// TestReceiveBufferFull has the server push 4 MiB at a client whose
// ReceiveBuffer holds 256 KiB and which reads nothing until the push is over
// (natively) or the connection closed (in the browser). Natively the SDK stops
// reading, so every message arrives; the browser cannot stop, so the SDK
// closes with StatusReceiveOverflow and reports ErrReceiveOverflow after the
// messages it held.
func TestReceiveBufferFull(t *testing.T) {
	const n, size = 64, 64 << 10
	c := dial(t, "push=64&size=65536", &sdk.Options{ReceiveBuffer: 256 << 10})
	if !pausesReading {
		ce, err := receiveCloseCounting(t, c, size)
		if !errors.Is(err, sdk.ErrReceiveOverflow) || ce.Code != sdk.StatusReceiveOverflow {
			t.Errorf("Receive() = %v (%+v), want ErrReceiveOverflow and code %v", err, ce, sdk.StatusReceiveOverflow)
		}
		return
	}
	for i := range n {
		if _, p := receive(t, c); !bytes.Equal(p, pattern(i, size)) {
			t.Fatalf("message %d of %d is wrong (%d bytes)", i, n, len(p))
		}
	}
	if got := c.ReadyState(); got != sdk.Open {
		t.Errorf("after a full buffer, ReadyState() = %v want Open", got)
	}
}

// receiveCloseCounting waits for the connection to close, then checks that
// the messages it still holds are whole, in order and within the buffer.
func receiveCloseCounting(t *testing.T, c *sdk.Conn, size int) (sdk.CloseError, error) {
	t.Helper()
	waitDone(t, c)
	for i := 0; ; i++ {
		_, p, err := c.Receive(testContext(t))
		if err != nil {
			var ce sdk.CloseError
			errors.As(err, &ce)
			if i*size > 256<<10 {
				t.Errorf("held %d messages of %d bytes, more than ReceiveBuffer", i, size)
			}
			return ce, err
		}
		if !bytes.Equal(p, pattern(i, size)) {
			t.Fatalf("held message %d is wrong", i)
		}
	}
}
