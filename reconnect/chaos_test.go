package reconnect_test

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// TestChaos sends 10,000 sequence-numbered messages while the server cuts the
// connection without a close frame after every 500 echoes, and checks the
// echoed stream: no message twice, order kept, and every missing message
// counted in Stats.MaybeLost. Heartbeats (pings natively, echoed messages in
// the browser) keep the maybe-lost window short.
//
// The sender keeps at most chaosWindow messages ahead of the last echo (or
// goes on after 20ms without one, since a drop can lose the whole window), as
// an application waiting for replies does: a sender that runs free fills the
// kernel's socket buffers, which on loopback hold all 10,000 messages, and a
// drop then loses nearly everything in flight (all of it reported, none of
// it duplicated).
func TestChaos(t *testing.T) {
	const total, size = 10_000, 32
	window := int64(chaosWindow)
	if w, err := strconv.Atoi(os.Getenv("WASMWS_CHAOS_WINDOW")); err == nil {
		window = int64(w)
	}
	c := dial(t, "drop=500", fast(reconnect.Options{
		Options:           sdk.Options{HighWaterMark: 4 << 10},
		MinUptime:         time.Nanosecond,  // every connection is short here
		HeartbeatInterval: time.Millisecond, // connections live a few ms here
		HeartbeatTimeout:  10 * time.Second,
	}))
	ctx := testContext(t)
	start := time.Now()

	var last atomic.Int64 // highest sequence number echoed
	last.Store(-1)
	progress := make(chan struct{}, 1)
	sent := make(chan error, 1)
	go func() {
		p := make([]byte, size)
		for i := range int64(total) {
		wait:
			for last.Load() < i-window {
				select {
				case <-progress:
				case <-time.After(20 * time.Millisecond):
					break wait // the window may be lost for good
				case <-ctx.Done():
					sent <- ctx.Err()
					return
				}
			}
			binary.BigEndian.PutUint64(p, uint64(i))
			if err := c.Send(ctx, sdk.Binary, p); err != nil {
				sent <- err
				return
			}
		}
		sent <- nil
	}()

	var got []uint64
	senderDone := false
	for {
		rctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		_, p, err := c.Receive(rctx)
		cancel()
		if err == nil {
			if len(p) != size {
				t.Fatalf("echo of %d bytes, want %d", len(p), size)
			}
			got = append(got, binary.BigEndian.Uint64(p))
			last.Store(int64(got[len(got)-1]))
			select {
			case progress <- struct{}{}:
			default:
			}
			continue
		}
		if !errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
			t.Fatalf("Receive() = %v after %d echoes", err, len(got))
		}
		if !senderDone {
			select {
			case err := <-sent:
				if err != nil {
					t.Fatalf("Send() = %v", err)
				}
				senderDone = true
			default:
			}
		}
		// Quiet, all sent: every message was echoed, or its connection died
		// and it was replayed (so it is still coming) or counted maybe lost.
		if s := c.Stats(); senderDone && s.QueuedMessages == 0 && int64(len(got))+s.MaybeLost >= total {
			break
		}
	}
	if err := c.Close(sdk.StatusNormalClosure, ""); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	for {
		_, p, err := c.Receive(ctx)
		if err != nil {
			break
		}
		got = append(got, binary.BigEndian.Uint64(p))
	}
	elapsed := time.Since(start)

	seen := make(map[uint64]int, total)
	duplicated, disordered := 0, 0
	for i, seq := range got {
		seen[seq]++
		if seen[seq] == 2 {
			duplicated++
		}
		if i > 0 && seq <= got[i-1] {
			disordered++
		}
	}
	missing := total - len(seen)
	s := c.Stats()
	t.Logf("chaos (%s, window %d): sent %d, handed %d, received %d, replayed %d, maybe lost %d, missing %d, duplicated %d, out of order %d, reconnects %d, in %v",
		target, window, total, s.Sent, len(got), s.Replayed, s.MaybeLost, missing, duplicated, disordered, s.Reconnects, elapsed.Round(time.Millisecond))
	if duplicated > 0 {
		t.Errorf("%d messages echoed more than once", duplicated)
	}
	if disordered > 0 {
		t.Errorf("%d echoes out of order", disordered)
	}
	if int64(missing) > s.MaybeLost {
		t.Errorf("%d messages missing, only %d reported maybe lost", missing, s.MaybeLost)
	}
	// Every connection but the last is dropped once the server echoed 500.
	if want := (len(got)+499)/500 - 1; s.Reconnects < want {
		t.Errorf("%d reconnects for %d echoes, want at least %d", s.Reconnects, len(got), want)
	}
	if s.Replayed == 0 && replaysOnDrop {
		t.Errorf("nothing replayed: the drops never caught messages unsent")
	}
}
