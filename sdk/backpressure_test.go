package sdk_test

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/wasmws/wasmws/sdk"
)

// pauseKey returns a key for the server's pause/resume faults unique to this
// run, so parallel tests do not resume each other.
func pauseKey(t *testing.T) string {
	return "k" + strconv.FormatUint(rand.Uint64(), 36)
}

// stuckAfter is how long a Send must wait on a paused server before the
// fill below counts the connection as stuck. It detects a state and asserts
// nothing: while the server reads nothing, only the socket buffers can take
// more, and they do not take a second to do it.
const stuckAfter = time.Second

// fillUntilStuck sends size-byte messages on a connection whose server has
// stopped reading until a Send waits for stuckAfter (the kernel's and the
// browser's socket buffers take a few MiB first), and returns how many it
// accepted. It allows up to 256 MiB.
func fillUntilStuck(t *testing.T, c *sdk.Conn, size int) int {
	t.Helper()
	for i := 0; i < (256<<20)/size; i++ {
		ctx, cancel := context.WithTimeout(testContext(t), stuckAfter)
		err := c.Send(ctx, sdk.Binary, pattern(i, size))
		cancel()
		if errors.Is(err, context.DeadlineExceeded) {
			return i
		}
		if err != nil {
			t.Fatalf("Send(%d) = %v", i, err)
		}
	}
	t.Fatalf("Send never waited: BufferedAmount() = %d", c.BufferedAmount())
	return 0
}

// TestBackpressure: with the server paused, BufferedAmount grows past
// HighWaterMark and Send waits; a cancelled ctx releases it without sending;
// when the server resumes, the waiting Send goes through and everything is
// echoed, in order.
func TestBackpressure(t *testing.T) {
	const hwm, lwm, size = 64 << 10, 16 << 10, 16 << 10
	key := pauseKey(t)
	c := dial(t, "pause="+key, &sdk.Options{HighWaterMark: hwm, LowWaterMark: lwm, ReceiveBuffer: 512 << 20})
	if !stallVisible {
		// WebKit: Send never waits for a stalled peer; nothing is lost.
		sent := sendToStalledPeer(t, c, size)
		_ = dial(t, "resume="+key, nil)
		for i := range sent {
			if _, p := receive(t, c); !bytes.Equal(p, pattern(i, size)) {
				t.Fatalf("echo %d of %d is wrong (%d bytes)", i, sent, len(p))
			}
		}
		return
	}
	// Above the high-water mark Send waits; a ctx that ends ends the wait and
	// the message is not accepted (the echoes below prove it never left).
	sent := fillUntilStuck(t, c, size)
	if got := c.BufferedAmount(); got <= lwm {
		t.Fatalf("Send waited with BufferedAmount() = %d, at or below LowWaterMark %d", got, lwm)
	}
	done, cancel := context.WithCancel(testContext(t))
	cancel()
	if err := c.Send(done, sdk.Binary, pattern(sent, size)); !errors.Is(err, context.Canceled) {
		t.Fatalf("Send above HighWaterMark with a done ctx = %v, want context.Canceled", err)
	}

	// A Send that waits goes through once the server reads again.
	sendErr := make(chan error, 1)
	go func() { sendErr <- c.Send(testContext(t), sdk.Binary, pattern(sent, size)) }()
	resume := dial(t, "resume="+key, nil)
	_ = resume
	if err := <-sendErr; err != nil {
		t.Fatalf("waiting Send after resume = %v", err)
	}
	if got := c.BufferedAmount(); got > hwm+size {
		t.Errorf("after the waiting Send, BufferedAmount() = %d, want at most %d", got, hwm+size)
	}
	sent++
	if err := c.Flush(testContext(t)); err != nil {
		t.Fatalf("Flush() = %v", err)
	}
	if got := c.BufferedAmount(); got != 0 {
		t.Errorf("after Flush, BufferedAmount() = %d want 0", got)
	}
	if err := c.SendText(testContext(t), "end"); err != nil {
		t.Fatalf("Send(end) = %v", err)
	}
	for i := range sent {
		if _, p := receive(t, c); !bytes.Equal(p, pattern(i, size)) {
			t.Fatalf("echo %d of %d is wrong (%d bytes)", i, sent, len(p))
		}
	}
	if _, p := receive(t, c); string(p) != "end" {
		t.Fatalf("after %d echoes got %d bytes, want end: a refused message was sent", sent, len(p))
	}
}

// TestBackpressureCancelWhileWaiting cancels the ctx of a Send that is
// already waiting.
func TestBackpressureCancelWhileWaiting(t *testing.T) {
	const hwm, size = 32 << 10, 8 << 10
	key := pauseKey(t)
	c := dial(t, "pause="+key, &sdk.Options{HighWaterMark: hwm, ReceiveBuffer: 512 << 20})
	t.Cleanup(func() { _ = dial(t, "resume="+key, nil) })
	if !stallVisible {
		sendToStalledPeer(t, c, size) // WebKit: no Send ever waits
		return
	}
	fillUntilStuck(t, c, size)
	ctx, cancel := context.WithCancel(testContext(t))
	sendErr := make(chan error, 1)
	go func() { sendErr <- c.Send(ctx, sdk.Binary, pattern(0, size)) }()
	cancel()
	if err := <-sendErr; !errors.Is(err, context.Canceled) {
		t.Fatalf("Send whose ctx was cancelled while waiting = %v, want context.Canceled", err)
	}
}

// TestFlushAfterDrop: Flush reports ErrClosed when the connection ends with
// messages still buffered, and BufferedAmount keeps counting them. On WebKit
// nothing stays buffered for a stalled peer: Flush returns and BufferedAmount
// is 0 after the close.
func TestFlushAfterDrop(t *testing.T) {
	const hwm, size = 32 << 10, 8 << 10
	key := pauseKey(t)
	c := dial(t, "pause="+key, &sdk.Options{HighWaterMark: hwm, CloseTimeout: 200 * time.Millisecond})
	t.Cleanup(func() { _ = dial(t, "resume="+key, nil) })
	if !stallVisible {
		sendToStalledPeer(t, c, size)
		_ = c.Close(sdk.StatusNormalClosure, "")
		if got := c.BufferedAmount(); got != 0 {
			t.Errorf("WebKit: BufferedAmount() after closing = %d, want 0", got)
		}
		return
	}
	fillUntilStuck(t, c, size)
	closed := make(chan error, 1)
	go func() { closed <- c.Flush(testContext(t)) }()
	// The paused server cannot answer the closing handshake: Close gives up
	// after CloseTimeout, and the unsent bytes stay counted.
	_ = c.Close(sdk.StatusNormalClosure, "")
	if err := <-closed; !errors.Is(err, sdk.ErrClosed) {
		t.Errorf("Flush() on a connection closed with data unsent = %v, want ErrClosed", err)
	}
	if got := c.BufferedAmount(); got == 0 {
		t.Errorf("BufferedAmount() after closing with data unsent = 0, want the unsent bytes")
	}
}

// TestCloseTimeout: Close does not hang when the peer never answers.
func TestCloseTimeout(t *testing.T) {
	const hwm, size = 32 << 10, 8 << 10
	key := pauseKey(t)
	c := dial(t, "pause="+key, &sdk.Options{HighWaterMark: hwm, CloseTimeout: 200 * time.Millisecond})
	t.Cleanup(func() { _ = dial(t, "resume="+key, nil) })
	if stallVisible {
		fillUntilStuck(t, c, size)
	} // else WebKit: nothing ever stays buffered; the peer still reads nothing, so no handshake completes
	if err := c.Close(4000, "bye"); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	ce, _ := c.CloseStatus()
	if ce.Code != sdk.StatusAbnormalClosure || ce.WasClean {
		t.Errorf("CloseStatus() after a timed-out handshake = %+v, want 1006 unclean", ce)
	}
}

// TestWaitBuffered: with the server paused, WaitBuffered waits while more
// than its limit is buffered, until ctx ends; once the server reads again it
// returns; on an idle connection it returns at once.
func TestWaitBuffered(t *testing.T) {
	const hwm, size = 32 << 10, 8 << 10
	key := pauseKey(t)
	c := dial(t, "pause="+key, &sdk.Options{HighWaterMark: hwm})
	if !stallVisible {
		// WebKit: nothing stays buffered for a stalled peer, so WaitBuffered
		// returns as Flush does (sendToStalledPeer).
		sendToStalledPeer(t, c, size)
		if err := c.WaitBuffered(testContext(t), 0); err != nil {
			t.Errorf("WebKit: WaitBuffered(ctx, 0) with the peer stalled = %v want nil", err)
		}
		_ = dial(t, "resume="+key, nil)
		return
	}
	fillUntilStuck(t, c, size)
	ctx, cancel := context.WithCancel(testContext(t))
	cancel()
	if err := c.WaitBuffered(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("WaitBuffered(cancelled ctx, 0) with %d bytes buffered = %v want %v", c.BufferedAmount(), err, context.Canceled)
	}
	_ = dial(t, "resume="+key, nil)
	if err := c.WaitBuffered(testContext(t), size); err != nil {
		t.Errorf("WaitBuffered() after the server resumed = %v want nil", err)
	}
	if err := c.WaitBuffered(testContext(t), 0); err != nil {
		t.Errorf("WaitBuffered(ctx, 0) = %v want nil", err)
	}
	if got := c.BufferedAmount(); got != 0 {
		t.Errorf("BufferedAmount() after WaitBuffered(ctx, 0) = %d want 0", got)
	}
}
