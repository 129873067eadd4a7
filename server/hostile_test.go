//go:build !js

package server

import (
	"bytes"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/coder/websocket"
)

// TestInvalidUTF8 (issue 12, item 6): text that is not UTF-8 closes the
// connection with 1007 and is never echoed, also when it comes after the
// first echo buffer of a long message.
func TestInvalidUTF8(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Options{})
	testCases := []struct {
		name string
		text string
	}{
		{"short", "ok\xff"},
		{"split rune at the end", "ok\xc3"},
		{"surrogate", "\xed\xa0\x80"},
		{"after 40 KiB", strings.Repeat("a", 40<<10) + "\xff" + strings.Repeat("b", 100)},
		{"rune split across echo buffers", strings.Repeat("a", 32<<10-1) + "\xc3("},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := testContext(t)
			c := ts.dial(ctx, t, "", nil)
			write(ctx, t, c, message{websocket.MessageText, tc.text})
			expectClose(ctx, t, c, websocket.StatusInvalidFramePayloadData, "text message is not valid UTF-8")
		})
	}
	// Valid text split anywhere is echoed whole.
	ctx := testContext(t)
	c := ts.dial(ctx, t, "", nil)
	expectEcho(ctx, t, c, message{websocket.MessageText, strings.Repeat("a", 32<<10-1) + "ü" + strings.Repeat("€", 20000)})
}

// TestUnfinishedMessagesMemory (issue 12, item 7): four clients each send
// 8 MiB of a 64 MiB message and stop. The server streams each message back
// as it reads it and holds one echo buffer per connection, not the
// messages: its heap grows by far less than the 32 MiB it received.
func TestUnfinishedMessagesMemory(t *testing.T) {
	// Not parallel: it measures the heap of the whole test binary.
	const conns, sent = 4, 8 << 20
	ts := newTestServer(t, Options{})
	ctx := testContext(t)
	payload := bytes.Repeat([]byte{'x'}, sent)
	var echoed atomic.Int64
	before := heapInUse()
	var wg sync.WaitGroup
	for range conns {
		c := ts.dial(ctx, t, "", nil)
		go func() { // count the echo, reading into a small buffer
			buf := make([]byte, 32<<10)
			_, r, err := c.Reader(ctx)
			for err == nil {
				var n int
				n, err = r.Read(buf)
				echoed.Add(int64(n))
			}
		}()
		w, err := c.Writer(ctx, websocket.MessageBinary)
		if err != nil {
			t.Fatalf("Writer: %v", err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := w.Write(payload); err != nil { // one frame, the message unfinished
				t.Errorf("Write: %v", err)
			}
		}()
	}
	wg.Wait() // all sent: most of it read by the server, the rest in sockets
	grown := heapInUse() - before
	runtime.KeepAlive(payload) // live in both measurements
	t.Logf("heap grew by %d KiB while the server held %d unfinished messages of which %d MiB were sent", grown>>10, conns, conns*sent>>20)
	if grown > 16<<20 {
		t.Errorf("heap grew by %d MiB for %d unfinished messages: the server holds what it reads", grown>>20, conns)
	}
	// coder/websocket flushes a fragment's last bytes with the next frame, so
	// up to a buffer's worth per connection may still be on its way.
	waitFor(t, "the echo of what was sent", func() bool { return echoed.Load() >= conns*(sent-echoChunk) })
}

// heapInUse returns the live heap after a collection.
func heapInUse() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
