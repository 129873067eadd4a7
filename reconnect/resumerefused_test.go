package reconnect_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wasmws/wasmws/internal/wstest"
	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// TestResumeRefused: a server refuses the session's token, either with a
// WELCOME of status 3 (a new session in its place) or, with
// resume.Options.RefuseWithClose, by closing with 4401 (the echo server's
// refuse=close; forge=1 makes it read the token changed, as if forged).
// Either way the Client drops the session and the next open event is the
// not-resumed event with exact counts: the 3 messages written to a server
// that read nothing are maybe lost (not sent again), nothing is resent,
// and what the server sent is unknown (Missed −1). After a 4401 the Client
// attempts again at once, as a new session, spending no retry; it never
// presents the refused token again. The new session then echoes.
func TestResumeRefused(t *testing.T) {
	for _, tc := range []struct {
		name, query string
		withClose   bool
	}{
		{"status 3", "", false},
		{"close 4401", "refuse=close", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			key := pauseKey()
			defer resume(t, key)
			var calls atomic.Int32
			ev := newEvents()
			c, err := reconnect.Dial(testContext(t), "", fast(reconnect.Options{
				// The first connection's server reads nothing, its close
				// handshake included.
				Options: sdk.Options{CloseTimeout: 100 * time.Millisecond},
				Resume:  true, OnStateChange: ev.record,
				MaxRetries: 1, // a refusal spends no retry
				URL: func(ctx context.Context) (string, error) {
					if calls.Add(1) == 1 {
						return wstest.EchoURL(t, tc.query+"&pause="+key), nil
					}
					return wstest.EchoURL(t, tc.query+"&forge=1"), nil
				},
			}))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = c.Close(sdk.StatusNormalClosure, "") })
			ev.waitFor(t, "first open", func(e reconnect.StateChange) bool { return e.To == reconnect.Open })
			ctx := testContext(t)
			for _, m := range []string{"a", "b", "c"} {
				if err := c.SendText(ctx, m); err != nil {
					t.Fatal(err)
				}
			}
			for c.Stats().Sent < 3 { // written: the server reads nothing
				select {
				case <-ctx.Done():
					t.Fatalf("the messages were not written; stats %+v", c.Stats())
				case <-time.After(5 * time.Millisecond):
				}
			}
			c.Reconnect()

			var refusals int
			open := ev.waitFor(t, "open", func(e reconnect.StateChange) bool {
				if e.To == reconnect.Waiting && errors.Is(e.Cause, reconnect.ErrResumeRefused) {
					refusals++
					if e.Delay != 0 {
						t.Errorf("after 4401: delay %v want 0 (a new session at once)", e.Delay)
					}
				}
				return e.To == reconnect.Open
			})
			if want := map[bool]int{true: 1, false: 0}[tc.withClose]; refusals != want {
				t.Errorf("%d attempts refused with 4401, want %d", refusals, want)
			}
			want := reconnect.ResumeResult{NotResumed: true, Epoch: 1, Missed: -1, MaybeLost: 3}
			if open.Resume != want {
				t.Errorf("open event: %+v want %+v", open.Resume, want)
			}
			s := c.Stats()
			if s.NotResumed != 1 || s.Resumed != 0 || s.MaybeLost != 3 || s.Missed != 0 {
				t.Errorf("Stats: NotResumed %d, Resumed %d, MaybeLost %d, Missed %d want 1, 0, 3, 0", s.NotResumed, s.Resumed, s.MaybeLost, s.Missed)
			}
			if n := calls.Load(); n != 2+map[bool]int32{true: 1, false: 0}[tc.withClose] {
				t.Errorf("%d attempts, want one per connection and one per refusal", n)
			}
			echo(t, c, "new session")
		})
	}
}
