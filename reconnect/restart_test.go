package reconnect

import (
	"context"
	"errors"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/wasmws/wasmws/sdk"
)

// TestStartClosed: a Client created with StartClosed is Closed and dials
// nothing until Start; Start then connects it, reporting Closed to
// Connecting first, and a second Start does nothing.
func TestStartClosed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, n, r := newFake(t, Options{StartClosed: true}, alwaysOpen)
		synctest.Wait()
		if got := c.State(); got != Closed {
			t.Errorf("State() = %v want Closed", got)
		}
		if got := len(n.dialTimes()); got != 0 {
			t.Errorf("%d dials before Start want 0", got)
		}
		if err := c.SendText(context.Background(), "x"); !errors.Is(err, sdk.ErrClosed) {
			t.Errorf("Send() before Start = %v want %v", err, sdk.ErrClosed)
		}
		if !c.Start() {
			t.Fatal("Start() = false want true")
		}
		if c.Start() {
			t.Error("second Start() = true want false")
		}
		synctest.Wait()
		if got := c.State(); got != Open {
			t.Errorf("State() after Start = %v want Open", got)
		}
		evs := r.all()
		if len(evs) < 2 || evs[0].From != Closed || evs[0].To != Connecting || evs[1].To != Open {
			t.Errorf("events = %v want Closed -> Connecting, then Open", evs)
		}
	})
}

// TestRestartKeepsQueue: with QueueWhileClosed, messages sent while Closed,
// and those Close left unsent, wait for the next Start and go out first
// thing, in order; the second run has a Done of its own and the events of
// both runs come in order.
func TestRestartKeepsQueue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		up := false
		script := refusedUntilUp(&up)
		c, n, r := newFake(t, Options{QueueWhileClosed: true, MinDelay: time.Hour}, script)
		synctest.Wait() // Waiting after a failed attempt
		if err := c.SendText(ctx, "before close"); err != nil {
			t.Fatal(err)
		}
		if err := c.Close(sdk.StatusNormalClosure, ""); err != nil {
			t.Fatal(err)
		}
		first := c.Done()
		<-first
		if err := c.SendText(ctx, "while closed"); err != nil {
			t.Fatalf("Send() while Closed = %v want nil (QueueWhileClosed)", err)
		}
		if last := r.to(Closed); len(last) != 1 || last[0].Unsent != 1 {
			t.Errorf("changes to Closed = %v want one with unsent=1", last)
		}
		up = true
		if !c.Start() {
			t.Fatal("Start() = false want true")
		}
		if c.Done() == first {
			t.Error("Done() after Start is the channel of the first run")
		}
		synctest.Wait()
		if got, want := n.conn(t, 0).data(), []string{"before close", "while closed"}; !slices.Equal(got, want) {
			t.Errorf("sent after Start = %q want %q", got, want)
		}
		var states []State
		for _, ev := range r.all() {
			states = append(states, ev.To)
		}
		want := []State{Waiting, Closing, Closed, Connecting, Open}
		if !slices.Equal(states, want) {
			t.Errorf("states = %v want %v", states, want)
		}
		if err := c.Err(); err != nil {
			t.Errorf("Err() after Start = %v want nil", err)
		}
	})
}

// TestRestartDropsUnsent: without QueueWhileClosed, what Close left unsent
// is gone after Start, as the last change to Closed said.
func TestRestartDropsUnsent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		up := false
		script := refusedUntilUp(&up)
		c, n, _ := newFake(t, Options{MinDelay: time.Hour}, script)
		synctest.Wait()
		if err := c.SendText(context.Background(), "unsent"); err != nil {
			t.Fatal(err)
		}
		_ = c.Close(sdk.StatusNormalClosure, "")
		up = true
		c.Start()
		synctest.Wait()
		if got := n.conn(t, 0).data(); len(got) != 0 {
			t.Errorf("sent after Start = %q want nothing", got)
		}
		if err := c.SendText(context.Background(), "after"); err != nil {
			t.Errorf("Send() after Start = %v want nil", err)
		}
	})
}

// TestSendAsync: a message that finds the outbox full waits in line without
// blocking the caller, keeps its place before later senders, and is
// reported once queued; Room and BufferedAmount see the outbox.
func TestSendAsync(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		up := false
		script := refusedUntilUp(&up)
		c, n, _ := newFake(t, Options{MaxQueuedMessages: 1, MinDelay: time.Hour}, script)
		synctest.Wait()
		if queued, err := c.SendAsync(sdk.Text, []byte("one"), nil); !queued || err != nil {
			t.Fatalf("SendAsync() with room = %v, %v want true, nil", queued, err)
		}
		if c.Room(1, 0) {
			t.Error("Room(1, 0) of a full outbox = true want false")
		}
		if got := c.BufferedAmount(); got != 3 {
			t.Errorf("BufferedAmount() = %d want 3", got)
		}
		result := make(chan error, 1)
		queued, err := c.SendAsync(sdk.Text, []byte("two"), func(err error) { result <- err })
		if queued || err != nil {
			t.Fatalf("SendAsync() on a full outbox = %v, %v want false, nil", queued, err)
		}
		if err := c.Send(doneContext(), sdk.Text, []byte("three")); !errors.Is(err, context.Canceled) {
			t.Errorf("Send() that cannot wait, behind a waiting sender = %v want %v", err, context.Canceled)
		}
		up = true
		c.Reconnect() // ends the wait
		if err := <-result; err != nil {
			t.Errorf("SendAsync's done = %v want nil", err)
		}
		synctest.Wait()
		if got, want := n.conn(t, 0).data(), []string{"one", "two"}; !slices.Equal(got, want) {
			t.Errorf("sent = %q want %q", got, want)
		}
		if !c.Room(1, 0) {
			t.Error("Room(1, 0) of an empty outbox = false want true")
		}
	})
}

// doneContext returns a context that has ended.
func doneContext() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// TestQueueWhileClosedNeverWaits: while Closed, nothing makes room, so a
// message that does not fit fails at once, and senders waiting when Close
// was called are released, instead of waiting until Start.
func TestQueueWhileClosedNeverWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		c, _, _ := newFake(t, Options{QueueWhileClosed: true, MaxQueuedMessages: 1, MinDelay: time.Hour}, neverOpen)
		synctest.Wait()
		if err := c.SendText(ctx, "one"); err != nil {
			t.Fatal(err)
		}
		result := make(chan error, 1)
		if queued, err := c.SendAsync(sdk.Text, []byte("two"), func(err error) { result <- err }); queued || err != nil {
			t.Fatalf("SendAsync() on a full outbox = %v, %v want false, nil", queued, err)
		}
		_ = c.Close(sdk.StatusNormalClosure, "")
		if err := <-result; !errors.Is(err, ErrOutboxFull) {
			t.Errorf("SendAsync's done after Close = %v want %v", err, ErrOutboxFull)
		}
		if err := c.SendText(ctx, "three"); !errors.Is(err, ErrOutboxFull) {
			t.Errorf("Send() on the full outbox of a Closed Client = %v want %v", err, ErrOutboxFull)
		}
		if _, err := c.SendAsync(sdk.Text, []byte("four"), nil); !errors.Is(err, ErrOutboxFull) {
			t.Errorf("SendAsync() on the full outbox of a Closed Client = %v want %v", err, ErrOutboxFull)
		}
	})
}

// refusedUntilUp is a connection script that refuses every attempt while
// *up is false and connects once it is true.
func refusedUntilUp(up *bool) func(int) (*fakeConn, error) {
	return func(int) (*fakeConn, error) {
		if !*up {
			return nil, errRefused
		}
		return newFakeConn(), nil
	}
}
