package reconnect

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/wasmws/wasmws/sdk"
)

// TestDoneAfterLastEvent: Done is closed only once OnStateChange has
// returned from the change to Closed, which carries Unsent, so a program
// that waits for Done and then ends never misses it (issue 12, item 9: it
// was lost in 5 of 5 native runs, and in the browser the late call ran after
// the Go program had exited). Close itself returns without waiting for it.
func TestDoneAfterLastEvent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		gate := make(chan struct{})
		r := &recorder{}
		opts := Options{MinDelay: time.Hour, OnStateChange: func(ev StateChange) {
			if ev.To == Closed {
				<-gate
			}
			r.record(ev)
		}}
		n := &fakeNet{script: neverOpen, start: time.Now()}
		c, err := newClient("ws://fake/", &opts, deps{dial: n.dial, rand: func() float64 { return 0.5 }, net: quietNet})
		if err != nil {
			t.Fatal(err)
		}
		synctest.Wait() // the first attempt failed: Waiting
		if err := c.SendText(context.Background(), "never sent"); err != nil {
			t.Fatal(err)
		}
		if err := c.Close(sdk.StatusNormalClosure, ""); err != nil {
			t.Fatalf("Close() = %v", err)
		}
		synctest.Wait() // OnStateChange now waits in the change to Closed
		select {
		case <-c.Done():
			t.Fatal("Done is closed before OnStateChange returned from the change to Closed")
		default:
		}
		close(gate)
		<-c.Done()
		evs := r.all()
		if len(evs) == 0 {
			t.Fatal("no events")
		}
		if last := evs[len(evs)-1]; last.To != Closed || last.Unsent != 1 {
			t.Errorf("last event = %v want a change to Closed with unsent=1", last)
		}
	})
}

// TestCloseInOnStateChange: OnStateChange may call Close; Close does not
// wait for the callback that called it.
func TestCloseInOnStateChange(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var client atomic.Pointer[Client]
		closed := make(chan error, 1)
		r := &recorder{}
		opts := Options{MinDelay: time.Hour, OnStateChange: func(ev StateChange) {
			r.record(ev)
			if ev.To == Waiting {
				closed <- client.Load().Close(sdk.StatusNormalClosure, "")
			}
		}}
		n := &fakeNet{script: neverOpen, start: time.Now()}
		// The first attempt waits for the Client to be stored.
		script := func(i int) (*fakeConn, error) {
			for client.Load() == nil {
				time.Sleep(time.Millisecond) // in the bubble: fake time
			}
			return neverOpen(i)
		}
		n.script = script
		c, err := newClient("ws://fake/", &opts, deps{dial: n.dial, rand: func() float64 { return 0.5 }, net: quietNet})
		if err != nil {
			t.Fatal(err)
		}
		client.Store(c)
		<-c.Done() // synctest reports a deadlock if Close waited for the callback
		if err := <-closed; err != nil {
			t.Errorf("Close() in OnStateChange = %v want nil", err)
		}
		if got := r.to(Closed); len(got) != 1 {
			t.Errorf("changes to Closed = %v want one", got)
		}
	})
}

// TestStateChangeURL: the changes that follow an attempt carry its URL, so
// that a URL that keeps failing (a relative URL on the wrong server, say)
// shows in the events.
func TestStateChangeURL(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, _, r := newFake(t, Options{MinDelay: time.Millisecond, Jitter: NoJitter, MaxRetries: 2}, neverOpen)
		<-c.Done()
		for _, ev := range r.all() {
			want := "ws://fake/"
			if ev.To == Connecting {
				want = "" // no attempt made yet
			}
			if ev.URL != want {
				t.Errorf("%v: URL = %q want %q", ev, ev.URL, want)
			}
		}
		if got := r.to(Closed); len(got) != 1 || !errors.Is(got[0].Cause, ErrMaxRetries) {
			t.Errorf("changes to Closed = %v want one, caused by ErrMaxRetries", got)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		_, _, r := newFake(t, Options{}, alwaysOpen)
		synctest.Wait()
		if got := r.to(Open); len(got) != 1 || got[0].URL != "ws://fake/" {
			t.Errorf("changes to Open = %v want one with the URL ws://fake/", got)
		}
	})
}

func TestStateChangeString(t *testing.T) {
	t.Parallel()
	testCases := []struct {
		ev   StateChange
		want string
	}{
		{StateChange{From: Waiting, To: Connecting, Attempt: 2}, "Waiting -> Connecting attempt=2"},
		{
			StateChange{From: Open, To: Waiting, Attempt: 2, Delay: 500 * time.Millisecond, URL: "ws://h/echo",
				Cause: errRefused, Replayed: 3, MaybeLost: 1},
			`Open -> Waiting attempt=2 delay=500ms url=ws://h/echo cause="fake: connection refused" replayed=3 maybeLost=1`,
		},
		{StateChange{From: Closing, To: Closed, Attempt: 1, Unsent: 4}, "Closing -> Closed attempt=1 unsent=4"},
	}
	for _, tc := range testCases {
		if got := tc.ev.String(); got != tc.want {
			t.Errorf("String() = %q want %q", got, tc.want)
		}
	}
}

// TestOptionsValidate: Validate reports what New would refuse, and changes
// nothing in the options it checks.
func TestOptionsValidate(t *testing.T) {
	t.Parallel()
	if err := (*Options)(nil).Validate(); err != nil {
		t.Errorf("(*Options)(nil).Validate() = %v want nil", err)
	}
	bad := &Options{MinDelay: -1}
	if err := bad.Validate(); !errors.Is(err, sdk.ErrInvalidOptions) {
		t.Errorf("Validate() of a negative MinDelay = %v want %v", err, sdk.ErrInvalidOptions)
	}
	if err := (&Options{Options: sdk.Options{Protocols: []string{"a b"}}}).Validate(); !errors.Is(err, sdk.ErrSyntax) {
		t.Errorf("Validate() of a bad protocol = %v want %v", err, sdk.ErrSyntax)
	}
	o := &Options{HeartbeatInterval: time.Second}
	if err := o.Validate(); err != nil {
		t.Errorf("Validate() = %v want nil", err)
	}
	if o.HeartbeatTimeout != 0 || o.HeartbeatMessage != nil || o.MinDelay != 0 || o.ShouldReconnect != nil {
		t.Errorf("Validate() changed the options: %+v", o)
	}
}

func TestStateReadyState(t *testing.T) {
	t.Parallel()
	for s, want := range map[State]sdk.ReadyState{
		Connecting: sdk.Connecting, Waiting: sdk.Connecting, Open: sdk.Open, Closing: sdk.Closing, Closed: sdk.Closed,
	} {
		if got := s.ReadyState(); got != want {
			t.Errorf("%v.ReadyState() = %v want %v", s, got, want)
		}
	}
}
