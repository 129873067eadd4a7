package reconnect_test

import (
	"testing"
	"time"

	"github.com/wasmws/wasmws/internal/wstest"
	"github.com/wasmws/wasmws/sdk"
)

// TestBufferedAmountAfterDrop checks what safe replay relies on, on each
// target: after the peer cuts the connection (no close frame) while the
// client has data piled up, BufferedAmount still counts the bytes that never
// left, and stays put. The server reads one message, then nothing for 2s (its
// delay), then drops the connection; meanwhile the client sends 32 MiB.
func TestBufferedAmountAfterDrop(t *testing.T) {
	const size, count = 64 << 10, 512
	ctx := testContext(t)
	c, err := sdk.Dial(ctx, wstest.EchoURL(t, "delay=2s&drop=1"), &sdk.Options{HighWaterMark: 1 << 30, ReceiveBuffer: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(sdk.StatusNormalClosure, "")
	if err := c.SendText(ctx, "first"); err != nil {
		t.Fatal(err)
	}
	p := make([]byte, size)
	total := int64(0)
	for range count {
		if err := c.Send(ctx, sdk.Binary, p); err != nil {
			break // the drop came first
		}
		total += size
	}
	before := c.BufferedAmount()
	select {
	case <-c.Done():
	case <-ctx.Done():
		t.Fatal("connection not dropped")
	}
	ce, _ := c.CloseStatus()
	atClose := c.BufferedAmount()
	time.Sleep(200 * time.Millisecond)
	later := c.BufferedAmount()
	t.Logf("bufferedAmount (%s): %d bytes sent; %d before the drop, %d at close (%v), %d 200ms later",
		target, total, before, atClose, ce, later)
	if ce.Code != sdk.StatusAbnormalClosure || ce.WasClean {
		t.Errorf("closed with %+v, want 1006 unclean", ce)
	}
	if !stallVisible {
		// WebKit: everything went to its network process; nothing is known unsent.
		if atClose != 0 {
			t.Errorf("WebKit: BufferedAmount() after an abrupt close = %d, want 0", atClose)
		}
	} else if atClose == 0 {
		t.Errorf("BufferedAmount() after an abrupt close = 0, want the bytes that never left")
	}
	if atClose > total+5 {
		t.Errorf("BufferedAmount() after close = %d, more than the %d bytes sent", atClose, total+5)
	}
	if later != atClose {
		t.Errorf("BufferedAmount() moved after close: %d then %d", atClose, later)
	}
}
