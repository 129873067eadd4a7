//go:build js && wasm

package reconnect

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hack-pad/safejs"
	"github.com/wasmws/wasmws/sdk"
)

// Browser only: these tests fire the page's online, offline and
// visibilitychange events, which exist only there.

// dispatch fires a plain event named name on target ("window" or "document").
func dispatch(t *testing.T, target, name string) {
	t.Helper()
	global := safejs.Global()
	ctor, err := global.Get("Event")
	if err != nil {
		t.Fatal(err)
	}
	ev, err := ctor.New(name)
	if err != nil {
		t.Fatal(err)
	}
	on := global
	if target == "document" {
		if on, err = global.Get("document"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := on.Call("dispatchEvent", ev); err != nil {
		t.Fatal(err)
	}
}

// eventually waits up to 5s for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not %s after 5s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func newNetClient(t *testing.T, minDelay time.Duration) *Client {
	t.Helper()
	c, err := newClient("ws://fake/", &Options{MinDelay: minDelay, MaxDelay: minDelay},
		deps{dial: neverDial, rand: func() float64 { return 0 }, net: newConnectivity})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		dispatch(t, "window", "online") // leave the page online for the next test
		_ = c.Close(sdk.StatusNormalClosure, "")
	})
	return c
}

// TestOnlineAndVisibleRetry: while Waiting, the online event and the page
// becoming visible start an attempt at once.
func TestOnlineAndVisibleRetry(t *testing.T) {
	c := newNetClient(t, time.Hour)
	eventually(t, "Waiting", func() bool { return c.State() == Waiting })
	dispatch(t, "window", "online")
	eventually(t, "retried on online", func() bool { return c.Stats().Attempts == 2 })
	v, err := safejs.Global().Get("document")
	if err != nil || v.IsUndefined() {
		t.Skip("no document")
	}
	state, _ := v.Get("visibilityState")
	if s, _ := state.String(); s != "visible" {
		t.Skipf("document.visibilityState is %q, not visible", s)
	}
	eventually(t, "Waiting", func() bool { return c.State() == Waiting })
	dispatch(t, "document", "visibilitychange")
	eventually(t, "retried on visibilitychange", func() bool { return c.Stats().Attempts == 3 })
}

// TestOfflineEvents: the page's offline event marks the network down, and
// online marks it up and wakes a waiting Client. dispatchEvent runs the
// listeners before it returns, so no wait is needed.
func TestOfflineEvents(t *testing.T) {
	n := newConnectivity()
	t.Cleanup(func() {
		dispatch(t, "window", "online") // leave the page online for the next test
		n.close()
	})
	dispatch(t, "window", "offline")
	if !n.offline() {
		t.Fatalf("offline() = false after the offline event")
	}
	n.drain()
	dispatch(t, "window", "online")
	if n.offline() {
		t.Errorf("offline() = true after the online event")
	}
	select {
	case <-n.wake():
	default:
		t.Errorf("the online event did not wake the Client")
	}
}

// TestOfflinePauses: offline, the Client stops attempting and spends no
// retries, for as long as it lasts; online resumes at once. It runs on
// synctest's fake clock, so that "no attempt for an hour" is exact: a
// connectivity made in the bubble, set by hand as the offline and online
// events set it (TestOfflineEvents shows they do). The real events cannot
// reach a bubble: Go 1.26's js.FuncOf runs a listener made in a bubble
// through Bubble.Run, which panics when dispatchEvent calls it from the
// bubbled test goroutine (tried: dispatchEvent fails with "goroutine is
// already bubbled"). Every dial waits until the test lets it fail: an
// attempt under way is a state (Attempts counted, dial not released) the
// test sees, not a sleep.
func TestOfflinePauses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := quietNet()
		release := make(chan struct{})
		dial := func(ctx context.Context, url string, opts *sdk.Options) (connection, error) {
			select {
			case <-release:
				return nil, errRefused
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		// MaxRetries 1: a failure counted while offline would end the Client.
		c, err := newClient("ws://fake/", &Options{MinDelay: time.Second, MaxDelay: time.Second, MaxRetries: 1},
			deps{dial: dial, rand: func() float64 { return 0 }, net: func() *connectivity { return n }})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(sdk.StatusNormalClosure, "")
		synctest.Wait()
		if s := c.Stats(); s.Attempts != 1 || c.State() != Connecting {
			t.Fatalf("%d attempts, State() = %v want the first under way", s.Attempts, c.State())
		}
		n.down.Store(true) // the offline event, while an attempt is under way
		release <- struct{}{}
		synctest.Wait()
		if s := c.Stats(); s.Failures != 0 || c.State() != Waiting {
			t.Fatalf("after an attempt failed offline: %d failures, State() = %v want 0, Waiting", s.Failures, c.State())
		}
		time.Sleep(time.Hour) // 3600 delays
		synctest.Wait()
		if s := c.Stats(); s.Attempts != 1 || s.Failures != 0 || c.State() != Waiting {
			t.Errorf("an hour offline: %d attempts, %d failures, State() = %v want 1, 0, Waiting",
				s.Attempts, s.Failures, c.State())
		}
		n.down.Store(false) // the online event
		n.signal()
		synctest.Wait()
		if s := c.Stats(); s.Attempts != 2 || c.State() != Connecting {
			t.Fatalf("online: %d attempts, State() = %v want the second under way at once", s.Attempts, c.State())
		}
		release <- struct{}{} // online, a failure counts: MaxRetries ends the Client
		synctest.Wait()
		if s := c.Stats(); s.Failures != 1 || c.State() != Closed || !errors.Is(c.Err(), ErrMaxRetries) {
			t.Errorf("failed online: %d failures, State() = %v, Err() = %v want 1, Closed, ErrMaxRetries",
				s.Failures, c.State(), c.Err())
		}
	})
}
