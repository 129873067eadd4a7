package sdk_test

import (
	"bytes"
	"errors"
	"strconv"
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

// TestReceiveBufferExact has the server push five messages at a client whose
// ReceiveBuffer holds exactly four and which reads nothing until the push
// is over (natively) or the connection closed (in the browser): natively
// all five arrive, reading paused while the buffer is full; in the browser
// the fifth is refused (4008), and the four before it are all returned, in
// order, before ErrReceiveOverflow. Small messages are packed into batches
// in the browser, larger ones held in JavaScript one by one: both count.
func TestReceiveBufferExact(t *testing.T) {
	for _, size := range []int{1000, 5000} {
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			t.Parallel()
			const held = 4
			c := dial(t, "push=5&size="+strconv.Itoa(size), &sdk.Options{ReceiveBuffer: held * int64(size)})
			want := held + 1
			if !pausesReading {
				waitDone(t, c)
				want = held
			}
			for i := range want {
				if _, p := receive(t, c); !bytes.Equal(p, pattern(i, size)) {
					t.Fatalf("message %d of %d is wrong (%d bytes)", i, want, len(p))
				}
			}
			if pausesReading {
				if got := c.ReadyState(); got != sdk.Open {
					t.Errorf("after a full buffer, ReadyState() = %v want Open", got)
				}
				return
			}
			_, _, err := c.Receive(testContext(t))
			if ce := (sdk.CloseError{}); !errors.Is(err, sdk.ErrReceiveOverflow) || !errors.As(err, &ce) || ce.Code != sdk.StatusReceiveOverflow {
				t.Errorf("Receive() after %d messages = %v, want ErrReceiveOverflow and code %v", held, err, sdk.StatusReceiveOverflow)
			}
		})
	}
}

// TestReceiveBufferFreedByReading echoes forty times ReceiveBuffer through a
// connection, one message at a time, with Receive and AppendReceive in
// turn, in sizes that the browser packs, holds in JavaScript and sends
// empty: every message returned frees its room, so the connection never
// overflows.
func TestReceiveBufferFreedByReading(t *testing.T) {
	const limit = 16 << 10
	sizes := []int{10000, 16, 0, 3000, limit}
	c := dial(t, "", &sdk.Options{ReceiveBuffer: limit})
	ctx := testContext(t)
	var buf []byte
	for i := range 40 * limit / 5000 {
		want := pattern(i, sizes[i%len(sizes)])
		if err := c.Send(ctx, sdk.Binary, want); err != nil {
			t.Fatalf("Send() of message %d = %v", i, err)
		}
		var got []byte
		var err error
		if i%2 == 0 {
			_, got, err = c.Receive(ctx)
		} else {
			_, buf, err = c.AppendReceive(ctx, buf[:0])
			got = buf
		}
		if err != nil {
			t.Fatalf("receiving message %d (%d bytes, %d KiB echoed before) = %v", i, len(want), i*5000>>10, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("message %d is wrong (%d bytes, want %d)", i, len(got), len(want))
		}
	}
}
