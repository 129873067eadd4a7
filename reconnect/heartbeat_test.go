package reconnect_test

import (
	"errors"
	"testing"
	"time"

	"github.com/wasmws/wasmws/internal/wstest"
	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// TestHeartbeatDetectsPause: a server that stops reading answers no ping and
// echoes no heartbeat; the Client declares the link dead and reconnects.
func TestHeartbeatDetectsPause(t *testing.T) {
	key := pauseKey()
	ev := newEvents()
	c := dial(t, "pause="+key, fast(reconnect.Options{
		Options:           sdk.Options{CloseTimeout: 100 * time.Millisecond},
		HeartbeatInterval: 50 * time.Millisecond,
		HeartbeatTimeout:  200 * time.Millisecond,
		OnStateChange:     ev.record,
	}))
	t.Cleanup(func() { resume(t, key) })
	down := ev.waitFor(t, "leaving Open", func(e reconnect.StateChange) bool { return e.From == reconnect.Open })
	if down.To != reconnect.Waiting && down.To != reconnect.Connecting {
		t.Errorf("event = %+v want Open → Waiting", down)
	}
	if !errors.Is(down.Cause, reconnect.ErrHeartbeatTimeout) {
		t.Errorf("cause = %v want ErrHeartbeatTimeout", down.Cause)
	}
	wstest.WantOnePrefix(t, down.Cause) // the timeout, then how the connection closed
	_ = c.Close(sdk.StatusNormalClosure, "")
}

// TestHeartbeatMessage: heartbeat messages keep a quiet link open, and their
// echoes are not returned by Receive.
func TestHeartbeatMessage(t *testing.T) {
	ev := newEvents()
	c := dial(t, "", fast(reconnect.Options{
		HeartbeatInterval: 10 * time.Millisecond,
		HeartbeatTimeout:  time.Second,
		HeartbeatMessage:  []byte("hb"),
		OnStateChange:     ev.record,
	}))
	time.Sleep(200 * time.Millisecond) // some heartbeats go and come back
	echo(t, c, "after")
	if c.State() != reconnect.Open {
		t.Errorf("State() = %v want Open", c.State())
	}
	for len(ev) > 0 {
		if e := <-ev; e.From == reconnect.Open {
			t.Errorf("unexpected event %+v", e)
		}
	}
}
