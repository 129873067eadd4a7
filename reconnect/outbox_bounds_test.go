package reconnect_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/wasmws/wasmws/internal/wstest"
	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// gated returns a URL provider that makes every attempt wait until open is
// closed, then connects to the echo endpoint.
func gated(t *testing.T, open <-chan struct{}) func(context.Context) (string, error) {
	url := wstest.EchoURL(t, "")
	return func(ctx context.Context) (string, error) {
		select {
		case <-open:
			return url, nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}

// TestOutboxBounds: while not open, Send queues up to the bounds; then it
// waits, and a ctx that ends leaves nothing queued; once the Client opens,
// the outbox drains in order and the waiting Send goes through.
func TestOutboxBounds(t *testing.T) {
	testCases := []struct {
		name     string
		msgs     int
		bytes    int64
		fill     []string
		overflow string
	}{
		{"messages", 3, 1 << 10, []string{"a", "b", "c"}, "d"},
		{"bytes", 100, 10, []string{"12345678"}, "abc"},
		{"empty messages count too", 2, 10, []string{"", ""}, ""},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			open := make(chan struct{})
			c, err := reconnect.New("", fast(reconnect.Options{
				MaxQueuedMessages: tc.msgs, MaxQueuedBytes: tc.bytes,
				URL: gated(t, open), ConnectTimeout: wstest.Timeout,
			}))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = c.Close(sdk.StatusNormalClosure, "") })
			ctx := testContext(t)
			for _, s := range tc.fill {
				if err := c.SendText(ctx, s); err != nil {
					t.Fatalf("Send(%q) = %v", s, err)
				}
			}
			cancelled, cancel := context.WithCancel(ctx)
			cancel()
			if err := c.SendText(cancelled, tc.overflow); !errors.Is(err, context.Canceled) {
				t.Fatalf("Send on a full outbox with a cancelled ctx = %v want context.Canceled", err)
			}
			short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
			defer cancel()
			if err := c.SendText(short, tc.overflow); !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("Send on a full outbox = %v want context.DeadlineExceeded", err)
			}
			if s := c.Stats(); s.QueuedMessages != len(tc.fill) {
				t.Fatalf("%d messages queued after refused sends, want %d", s.QueuedMessages, len(tc.fill))
			}
			waiting := make(chan error, 1)
			go func() { waiting <- c.SendText(ctx, tc.overflow+"!") }()
			close(open)
			if err := <-waiting; err != nil {
				t.Fatalf("waiting Send once drained = %v", err)
			}
			for _, want := range append(tc.fill, tc.overflow+"!") {
				if p := receive(t, c); string(p) != want {
					t.Fatalf("echo = %q want %q: order lost or a refused message sent", p, want)
				}
			}
		})
	}
}

// TestBackpressureEndToEnd: with the server not reading, the connection's
// water marks stop the pump, the outbox fills, and Send waits; when the
// server reads again everything goes through, in order.
func TestBackpressureEndToEnd(t *testing.T) {
	const size = 16 << 10
	key := pauseKey()
	c := dial(t, "pause="+key, fast(reconnect.Options{
		Options:           sdk.Options{HighWaterMark: 64 << 10, ReceiveBuffer: 512 << 20},
		MaxQueuedMessages: 4,
	}))
	t.Cleanup(func() { resume(t, key) })
	ctx := testContext(t)
	if !stallVisible {
		// WebKit: the pump never waits, so neither does Send; nothing is lost.
		const n = (8 << 20) / size
		for i := range n {
			if err := c.Send(ctx, sdk.Binary, payload(i, size)); err != nil {
				t.Fatalf("Send(%d) = %v", i, err)
			}
		}
		resume(t, key)
		for i := range n {
			if p := receive(t, c); string(p) != string(payload(i, size)) {
				t.Fatalf("echo %d of %d is wrong", i, n)
			}
		}
		return
	}
	sent := 0
	for ; ; sent++ {
		if sent > (256<<20)/size {
			t.Fatalf("Send never waited")
		}
		sctx, cancel := context.WithTimeout(ctx, time.Second)
		err := c.Send(sctx, sdk.Binary, payload(sent, size))
		cancel()
		if errors.Is(err, context.DeadlineExceeded) {
			break // stuck: the socket, the connection and the outbox are full
		}
		if err != nil {
			t.Fatalf("Send(%d) = %v", sent, err)
		}
	}
	if s := c.Stats(); s.QueuedMessages != 4 {
		t.Errorf("Send waited with %d messages queued, want the bound 4", s.QueuedMessages)
	}
	waiting := make(chan error, 1)
	go func() { waiting <- c.Send(ctx, sdk.Binary, payload(sent, size)) }()
	resume(t, key)
	if err := <-waiting; err != nil {
		t.Fatalf("waiting Send after resume = %v", err)
	}
	for i := range sent + 1 {
		if p := receive(t, c); string(p) != string(payload(i, size)) {
			t.Fatalf("echo %d of %d is wrong", i, sent+1)
		}
	}
}

// payload returns n bytes that start with i's decimal digits.
func payload(i, n int) []byte {
	p := make([]byte, n)
	copy(p, fmt.Sprint(i, ":"))
	return p
}
