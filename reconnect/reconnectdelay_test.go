package reconnect_test

import (
	"testing"
	"time"

	"github.com/wasmws/wasmws/reconnect"
)

// TestReconnectDelayAfterFailure: the time from a connection's close to
// the next open, after a server that cuts the TCP connection (drop=1, a
// failure for the browser) and after the Client's own Reconnect (a clean
// close, no failure). Firefox delays the attempt after a failure by
// 200–400 ms (delaysFailedReconnects; the SDK neither can nor should evade
// it): there the test asserts at least 150 ms per reconnect on average (a
// lower bound, which a slow machine only raises; the margin is what Firefox
// counts from its own record of the failure, before the page hears of
// it). The figure after a clean close, logged, shows that the Client's own
// close is not counted a failure (an upper bound on time would make the
// test flaky, so it is not asserted). Elsewhere it only logs the figures.
func TestReconnectDelayAfterFailure(t *testing.T) {
	const reconnects = 8
	perReconnect := func(t *testing.T, query string, cut func(c *reconnect.Client)) time.Duration {
		ev := newEvents()
		c := dial(t, query, &reconnect.Options{
			MinDelay: time.Millisecond, MaxDelay: time.Millisecond, Jitter: reconnect.NoJitter,
			OnStateChange: ev.record,
		})
		isOpen := func(e reconnect.StateChange) bool { return e.To == reconnect.Open }
		ev.waitFor(t, "first open", isOpen)
		for range reconnects {
			cut(c)
			ev.waitFor(t, "open", isOpen)
		}
		s := c.Stats()
		if s.Reconnects < reconnects {
			t.Fatalf("%d reconnects, want %d", s.Reconnects, reconnects)
		}
		return s.Downtime / time.Duration(s.Reconnects)
	}
	ctx := testContext(t)
	failed := perReconnect(t, "drop=1", func(c *reconnect.Client) {
		if err := c.SendText(ctx, "cut"); err != nil {
			t.Fatal(err)
		}
	})
	clean := perReconnect(t, "", func(c *reconnect.Client) { c.Reconnect() })
	t.Logf("reconnect delay (%s): %v per reconnect after a cut, %v after Reconnect (clean close)",
		target, failed.Round(time.Millisecond), clean.Round(time.Millisecond))
	if delaysFailedReconnects && failed < 150*time.Millisecond {
		t.Errorf("%v per reconnect after a cut, want at least 150ms: Firefox no longer delays reconnects after a failure? (docs/ENGINES.md)", failed)
	}
}
