package reconnect

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/wasmws/wasmws/sdk"
)

// heartbeats returns how many heartbeat messages f was sent.
func (f *fakeConn) heartbeats() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, m := range f.sent {
		if m.heartbeat {
			n++
		}
	}
	return n
}

// TestHeartbeatEchoKeepsOpen: on a fake clock, a heartbeat message goes every
// HeartbeatInterval; while each is echoed the link stays open far past
// HeartbeatTimeout, the echoes never reach Receive, and once they stop the
// link is declared dead exactly HeartbeatTimeout after the last one.
// TestHeartbeatMessage shows the same echoes filtered with the real server.
func TestHeartbeatEchoKeepsOpen(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, n, r := newFake(t, Options{MinDelay: time.Hour, HeartbeatInterval: time.Second, HeartbeatTimeout: 3 * time.Second,
			HeartbeatMessage: []byte(DefaultHeartbeatMessage)}, alwaysOpen)
		synctest.Wait()
		fc := n.conn(t, 0)
		echoed := 0
		for range 60 { // twenty timeouts
			time.Sleep(time.Second)
			synctest.Wait()
			for ; echoed < fc.heartbeats(); echoed++ {
				fc.inbound <- received{typ: sdk.Text, data: []byte(DefaultHeartbeatMessage)}
			}
		}
		if echoed != 60 {
			t.Errorf("%d heartbeats in 60s, want 60", echoed)
		}
		if c.State() != Open {
			t.Fatalf("State() = %v after 60s of echoed heartbeats, want Open", c.State())
		}
		fc.inbound <- received{typ: sdk.Text, data: []byte("data")}
		if _, p, err := c.Receive(context.Background()); err != nil || string(p) != "data" {
			t.Fatalf("Receive() = %q, %v want the data message: echoes are not returned", p, err)
		}
		last := time.Now() // the data message was the last traffic
		<-fc.Done()
		if d := time.Since(last); d != 3*time.Second {
			t.Errorf("declared dead %v after the last traffic, want 3s", d)
		}
		synctest.Wait()
		if ev := r.to(Waiting); len(ev) != 1 || !errors.Is(ev[0].Cause, ErrHeartbeatTimeout) {
			t.Errorf("events to Waiting = %+v want one with ErrHeartbeatTimeout", ev)
		}
		_ = c.Close(sdk.StatusNormalClosure, "")
	})
}
