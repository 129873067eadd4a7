//go:build !js

package server

import (
	"testing"

	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/internal/resumeproto"
)

// TestResumeReadsWithinBudget: a resume-mode connection reads each message
// whole (a frame is parsed whole), so its reads take room in the memory
// budget. Eight connections each start a DATA frame of 128 KiB (within the
// ReadLimit, and a client may ignore credit) and send 100 KiB of it: the
// server takes room for the whole payload when the frame's header declares
// it, so the first is held while it waits for the rest, every one that finds
// no room left is closed with 1013 and counted, and the server never holds
// more than MemoryBudget; the room comes back when they end.
func TestResumeReadsWithinBudget(t *testing.T) {
	t.Parallel()
	const budget = 256 << 10
	const sent = 100 << 10
	ts := newTestServer(t, Options{MemoryBudget: budget})
	ctx := testContext(t)
	f := resumeproto.Frame{Kind: resumeproto.KindData, Type: resumeproto.TypeBinary, Seq: 1, Limit: 1 << 20, Payload: make([]byte, 128<<10)}
	frame := resumeproto.Append(nil, &f)

	var held []*websocket.Conn
	refused := 0
	for range 8 {
		c := openResume(ctx, t, ts, "")
		before, refusedBefore := ts.memory.inUse(), ts.metrics.closes[closeMemory].Load()
		w, err := c.Writer(ctx, websocket.MessageBinary)
		if err != nil {
			t.Fatalf("Writer: %v", err)
		}
		// The server takes room for the declared 128 KiB payload (and its
		// first 512 bytes) once the header has arrived.
		if _, err := w.Write(frame[:sent]); err != nil {
			t.Fatalf("Write: %v", err)
		}
		waitFor(t, "the server to hold the message or refuse it", func() bool {
			return ts.memory.inUse() >= before+128<<10 || ts.metrics.closes[closeMemory].Load() > refusedBefore
		})
		if ts.metrics.closes[closeMemory].Load() > refusedBefore {
			refused++
			expectClose(ctx, t, c, websocket.StatusTryAgainLater, errOverBudget.Error())
			continue
		}
		held = append(held, c)
	}
	if len(held) == 0 || refused == 0 {
		t.Errorf("%d messages held, %d refused: want some of each with a budget of %d bytes", len(held), refused, budget)
	}
	if peak := ts.memory.highWater(); peak > budget {
		t.Errorf("the server held %d bytes at once, over its budget of %d", peak, budget)
	}
	t.Logf("held %d, refused %d; at most %d bytes held at once", len(held), refused, ts.memory.highWater())
	for _, c := range held {
		_ = c.CloseNow()
	}
	waitFor(t, "the read buffers to be released", func() bool { return ts.memory.inUse() == 0 })
}
