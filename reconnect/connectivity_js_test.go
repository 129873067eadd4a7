//go:build js && wasm

package reconnect

import (
	"testing"
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

// TestOfflinePauses: offline stops attempts and spends no retries; online
// resumes them.
func TestOfflinePauses(t *testing.T) {
	c := newNetClient(t, 20*time.Millisecond)
	eventually(t, "retrying", func() bool { return c.Stats().Attempts >= 2 })
	dispatch(t, "window", "offline")
	time.Sleep(100 * time.Millisecond) // an attempt under way ends
	paused := c.Stats()
	time.Sleep(300 * time.Millisecond) // 15 delays
	if s := c.Stats(); s.Attempts != paused.Attempts || s.Failures != paused.Failures {
		t.Errorf("offline: %d attempts, %d failures, then %d, %d: want no change",
			paused.Attempts, paused.Failures, s.Attempts, s.Failures)
	}
	if c.State() != Waiting {
		t.Errorf("offline: State() = %v want Waiting", c.State())
	}
	dispatch(t, "window", "online")
	eventually(t, "retrying after online", func() bool { return c.Stats().Attempts > paused.Attempts+1 })
}
