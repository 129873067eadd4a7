package sdk_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/wasmws/wasmws/sdk"
)

// TestAppendReceive sends a burst of messages of many sizes (in the browser:
// packed in one batch, or held in JavaScript until taken) and reads them
// back with Receive and AppendReceive in turn: same order, types and bytes,
// AppendReceive appending after what dst held.
func TestAppendReceive(t *testing.T) {
	sizes := []int{16, 0, 2048, 2049, 1024, 70000, 16, 5000, 1 << 20, 3, 3}
	c := dial(t, "", &sdk.Options{HighWaterMark: 8 << 20})
	ctx := testContext(t)
	for i, n := range sizes {
		typ := sdk.Binary
		if i%3 == 2 {
			typ = sdk.Text
		}
		if err := c.Send(ctx, typ, textPattern(i, n)); err != nil {
			t.Fatalf("Send(%d bytes) = %v", n, err)
		}
	}
	buf := make([]byte, 0, 64)
	for i, n := range sizes {
		want := textPattern(i, n)
		wantType := sdk.Binary
		if i%3 == 2 {
			wantType = sdk.Text
		}
		var typ sdk.MessageType
		var got []byte
		if i%2 == 0 {
			var err error
			prefix := append(buf[:0], "prefix"...)
			typ, got, err = c.AppendReceive(ctx, prefix)
			if err != nil {
				t.Fatalf("AppendReceive() = %v", err)
			}
			if !bytes.HasPrefix(got, []byte("prefix")) {
				t.Fatalf("message %d: AppendReceive lost what dst held", i)
			}
			got = got[len("prefix"):]
			buf = got[:0]
		} else {
			typ, got = receive(t, c)
		}
		if typ != wantType || !bytes.Equal(got, want) {
			t.Errorf("message %d = %v %d bytes, want %v %d bytes (equal: %v)", i, typ, len(got), wantType, n, bytes.Equal(got, want))
		}
	}
}

// TestReceiveOwnsItsBytes checks that a received message is the caller's:
// appending to it or changing it leaves the next messages alone (in the
// browser small messages share one buffer, each capacity-limited).
func TestReceiveOwnsItsBytes(t *testing.T) {
	c := dial(t, "", nil)
	ctx := testContext(t)
	const count = 8
	for i := range count {
		if err := c.Send(ctx, sdk.Binary, textPattern(i, 16)); err != nil {
			t.Fatalf("Send() = %v", err)
		}
	}
	var got [][]byte
	for range count {
		_, p := receive(t, c)
		if cap(p) != len(p) {
			t.Errorf("received message has capacity %d beyond its %d bytes", cap(p), len(p))
		}
		_ = append(p, "overwrite?"...)
		got = append(got, p)
	}
	for i, p := range got {
		if !bytes.Equal(p, textPattern(i, 16)) {
			t.Errorf("message %d changed after the caller appended to an earlier one", i)
		}
	}
}

// TestAppendReceiveAfterClose returns dst as it was with the close error.
func TestAppendReceiveAfterClose(t *testing.T) {
	c := dial(t, "", nil)
	if err := c.Close(sdk.StatusNormalClosure, ""); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	dst := []byte("kept")
	_, got, err := c.AppendReceive(testContext(t), dst)
	if !errors.Is(err, sdk.ErrClosed) {
		t.Errorf("AppendReceive after Close = %v, want ErrClosed", err)
	}
	if string(got) != "kept" {
		t.Errorf("AppendReceive after Close returned %q, want dst as it was", got)
	}
}

// textPattern returns n bytes of printable ASCII (valid as Text) that differ
// with seed.
func textPattern(seed, n int) []byte {
	p := make([]byte, n)
	for j := range p {
		p[j] = byte('a' + (seed+j)%26)
	}
	return p
}
