package reconnect

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

// TestPumpDrainsMessageQueuedBeforeDrain: a message queued just before Close
// starts the drain, while the pump is between finding the outbox empty and
// waiting on it, is still handed to the connection. The pump then waits with
// both "the outbox changed" and "drain" ready, and select picks either: it
// returned without looking at the outbox again about half the time, and the
// message was reported Unsent (seen as a flaky `wasmws dial` test under
// load: "closed with 1 messages never sent" after `hi` then `/close 4000`).
// The connection's BufferedAmount, which the pump reads in that window after
// a burst, holds the pump there while the test queues and drains.
func TestPumpDrainsMessageQueuedBeforeDrain(t *testing.T) {
	for i := range 64 {
		c, _, _ := newFake(t, Options{MinDelay: time.Hour, MaxDelay: time.Hour}, neverOpen)
		if err := c.SendText(context.Background(), "a"); err != nil {
			t.Fatal(err)
		}
		conn := newFakeConn()
		inWindow, release := make(chan struct{}), make(chan struct{})
		var once sync.Once
		conn.onBuffered = func() {
			once.Do(func() {
				close(inWindow)
				<-release
			})
		}
		s := &session{c: c, conn: conn, start: time.Now(), hbReq: make(chan struct{}, 1), dead: make(chan struct{})}
		drain := make(chan struct{})
		done := goDone(func() { s.pump(context.Background(), drain) })
		<-inWindow // "a" handed, the outbox found empty
		if err := c.SendText(context.Background(), "hi"); err != nil {
			t.Fatal(err)
		}
		close(drain)
		close(release)
		<-done
		if got := conn.data(); !slices.Equal(got, []string{"a", "hi"}) {
			t.Fatalf("run %d: the connection got %q, want [a hi]: the pump returned with a message queued", i, got)
		}
	}
}
