//go:build !js

package reconnect_test

import (
	"github.com/wasmws/wasmws/internal/wstest"
	"runtime"
	"testing"
	"time"

	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// TestNoLeakAfterReconnects: 1,000 reconnections leave no goroutine behind.
// Native only: in the browser each cycle goes through the JS event loop and
// the browser's own connection throttling, which makes 1,000 cycles take
// minutes; runtime.NumGoroutine there also counts the runner's own.
func TestNoLeakAfterReconnects(t *testing.T) {
	const cycles = 1000
	before := runtime.NumGoroutine()
	c := dial(t, "drop=0", fast(reconnect.Options{
		MinDelay: time.Millisecond, MaxDelay: time.Millisecond, MinUptime: time.Nanosecond,
		HeartbeatInterval: time.Millisecond, HeartbeatTimeout: time.Second,
	}))
	ctx := testContext(t)
	for c.Stats().Reconnects < cycles {
		select {
		case <-ctx.Done():
			t.Fatalf("only %d reconnects in %v", c.Stats().Reconnects, wstest.Timeout)
		case <-time.After(10 * time.Millisecond):
		}
		_ = c.SendText(ctx, "x") // some traffic for the pump and the forwarder
	}
	if err := c.Close(sdk.StatusNormalClosure, ""); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("%d goroutines after %d reconnects, %d before", after, c.Stats().Reconnects, before)
	}
	t.Logf("%d reconnects, %d attempts; goroutines %d before, %d after", c.Stats().Reconnects, c.Stats().Attempts, before, runtime.NumGoroutine())
}
