package reconnect_test

import (
	"errors"
	"strconv"
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

// TestHeartbeatMessage: against the real echo server, heartbeat messages go
// out and their echoes come back and are not returned by Receive. The server
// (close=1000&after=N) echoes N messages and then closes: the test sends none
// itself, so its close proves N heartbeats went and came back, before the
// close frame, and a Receive that then returns no message shows they were
// all filtered out. That echoes keep a quiet link open, and that silence
// after them is a timeout, is timing: TestHeartbeatEchoKeepsOpen shows it on
// a fake clock. HeartbeatTimeout is far longer than the test may run, so a
// stalled machine cannot end the connection first.
func TestHeartbeatMessage(t *testing.T) {
	const echoes = 5
	ev := newEvents()
	c := dial(t, "close=1000&after="+strconv.Itoa(echoes), fast(reconnect.Options{
		HeartbeatInterval: 10 * time.Millisecond,
		HeartbeatTimeout:  time.Hour,
		HeartbeatMessage:  []byte("hb"),
		OnStateChange:     ev.record,
	}))
	down := ev.waitFor(t, "leaving Open", func(e reconnect.StateChange) bool { return e.From == reconnect.Open })
	if code := closeCode(down.Cause); code != sdk.StatusNormalClosure {
		t.Fatalf("event = %+v want the server's close 1000 after %d echoes", down, echoes)
	}
	// 1000 from the server is not retried: the Client ends, and Receive
	// returns what it kept, which must be nothing.
	typ, p, err := c.Receive(testContext(t))
	if err == nil {
		t.Fatalf("Receive() = %v %q: a heartbeat echo was returned", typ, p)
	}
	if !errors.Is(err, sdk.ErrClosed) {
		t.Errorf("Receive() = %v want sdk.ErrClosed", err)
	}
}
