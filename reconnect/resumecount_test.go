package reconnect

import (
	"context"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wasmws/wasmws/internal/wstest"
	"github.com/wasmws/wasmws/sdk"
)

// cutAfterWelcome is a connection that the network cuts as soon as the
// first message (WELCOME) has arrived, so that the confirmation cannot be
// sent and the connection never opens: the cut that lands between the
// server's WELCOME and the Client's open.
type cutAfterWelcome struct {
	connection
	received bool
}

func (c *cutAfterWelcome) Receive(ctx context.Context) (sdk.MessageType, []byte, error) {
	typ, p, err := c.connection.Receive(ctx)
	if err == nil && !c.received {
		c.received = true
		_ = c.connection.CloseNow()
	}
	return typ, p, err
}

// TestResumeCountedAtOpen: a resume exchange whose connection is cut
// between WELCOME and its open is no event, and Stats counts nothing for it:
// Resumed and NotResumed equal the resumed and not-resumed open events. A
// not-resumed exchange cut so is reported by the next open event, although
// that one resumes the new session. The echo server (natively in-process,
// in the browser the runner's) is real; only the second connection is cut
// by the test. Before Stats counted at open, the first case gave Resumed 2
// for 1 resumed event, and the second reported the not-resumed session as
// resumed.
func TestResumeCountedAtOpen(t *testing.T) {
	for _, tc := range []struct {
		name          string
		first         string // the query of the first connection
		resumed, notR int    // the events (and Stats) wanted
		epoch         uint64 // of the open event after the cut
	}{
		// Epoch 2 went to the connection cut after WELCOME.
		{"resumed", "", 1, 0, 3},
		// The session expires once it has echoed one message; the cut
		// connection started a new one (epoch 1).
		{"not resumed", "expire=1", 0, 1, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var dials, urls atomic.Int32
			dialCut := func(ctx context.Context, url string, opts *sdk.Options) (connection, error) {
				conn, err := dialSDK(ctx, url, opts)
				if err != nil || dials.Add(1) != 2 {
					return conn, err
				}
				return &cutAfterWelcome{connection: conn}, nil
			}
			events := make(chan StateChange, 100)
			c, err := newClient("", &Options{
				Resume: true, MinDelay: 10 * time.Millisecond, MaxDelay: 50 * time.Millisecond,
				URL: func(ctx context.Context) (string, error) {
					if urls.Add(1) == 1 {
						return wstest.EchoURL(t, tc.first), nil
					}
					return wstest.EchoURL(t, ""), nil
				},
				OnStateChange: func(ev StateChange) {
					if ev.To == Open {
						events <- ev
					}
				},
			}, deps{dial: dialCut, rand: rand.Float64, net: newConnectivity})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = c.Close(sdk.StatusNormalClosure, "") })
			ctx := wstest.Context(t)
			open := func() StateChange {
				t.Helper()
				select {
				case ev := <-events:
					return ev
				case <-ctx.Done():
					t.Fatalf("no open event; stats %+v", c.Stats())
				}
				return StateChange{}
			}
			if ev := open(); !ev.Resume.NewSession {
				t.Fatalf("first open: %+v want a new session", ev.Resume)
			}
			if err := c.SendText(ctx, "0"); err != nil {
				t.Fatal(err)
			}
			if tc.first == "" {
				if _, _, err := c.Receive(ctx); err != nil {
					t.Fatal(err)
				}
				c.Reconnect()
			} // else the session's expiry ends the connection
			ev := open()
			if dials.Load() != 3 {
				t.Errorf("open after %d dials, want 3 (the second cut after WELCOME)", dials.Load())
			}
			res := ev.Resume
			if res.Resumed != (tc.resumed == 1) || res.NotResumed != (tc.notR == 1) || res.Epoch != tc.epoch {
				t.Errorf("open event after the cut: %+v want resumed %v, not resumed %v, epoch %d", res, tc.resumed == 1, tc.notR == 1, tc.epoch)
			}
			// The old session took the message and echoed it; the echo
			// came before the expiry or it is missed.
			if res.NotResumed && (res.Missed < 0 || res.Missed > 1 || res.Resent != 0 || res.MaybeLost != 0) {
				t.Errorf("not resumed: %+v want Missed 0 or 1, Resent 0, MaybeLost 0", res)
			}
			if s := c.Stats(); s.Resumed != tc.resumed || s.NotResumed != tc.notR || s.Reconnects != 1 {
				t.Errorf("Stats: Resumed %d, NotResumed %d, Reconnects %d want %d, %d, 1 (one per open event)",
					s.Resumed, s.NotResumed, s.Reconnects, tc.resumed, tc.notR)
			}
		})
	}
}
