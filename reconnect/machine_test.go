package reconnect

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/wasmws/wasmws/sdk"
)

// The state machine under testing/synctest: fake connections, a fake clock,
// exact times, no sleeps in real time.

func delays(evs []StateChange) []time.Duration {
	var out []time.Duration
	for _, ev := range evs {
		out = append(out, ev.Delay)
	}
	return out
}

func attempts(evs []StateChange) []int {
	var out []int
	for _, ev := range evs {
		out = append(out, ev.Attempt)
	}
	return out
}

// TestBackoffSchedule: failed attempts are retried after MinDelay·Factor^(n−1)
// capped at MaxDelay, until MaxRetries failures end the Client with
// ErrMaxRetries.
func TestBackoffSchedule(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		opts := Options{MinDelay: 100 * time.Millisecond, MaxDelay: time.Second, Jitter: NoJitter, MaxRetries: 6}
		c, n, r := newFake(t, opts, neverOpen)
		<-c.Done()
		synctest.Wait() // for the last events
		ms := time.Millisecond
		if got, want := n.dialTimes(), []time.Duration{0, 100 * ms, 300 * ms, 700 * ms, 1500 * ms, 2500 * ms}; !slices.Equal(got, want) {
			t.Errorf("dial times = %v want %v", got, want)
		}
		waits := r.to(Waiting)
		if got, want := delays(waits), []time.Duration{100 * ms, 200 * ms, 400 * ms, 800 * ms, time.Second}; !slices.Equal(got, want) {
			t.Errorf("Waiting delays = %v want %v", got, want)
		}
		if got, want := attempts(waits), []int{2, 3, 4, 5, 6}; !slices.Equal(got, want) {
			t.Errorf("Waiting attempts = %v want %v", got, want)
		}
		for _, ev := range waits {
			if !errors.Is(ev.Cause, errRefused) {
				t.Errorf("Waiting cause = %v want %v", ev.Cause, errRefused)
			}
		}
		err := c.Err()
		for _, target := range []error{ErrMaxRetries, sdk.ErrClosed, errRefused} {
			if !errors.Is(err, target) {
				t.Errorf("Err() = %v, does not match %v", err, target)
			}
		}
		last := r.all()[len(r.all())-1]
		if last.From != Connecting || last.To != Closed || !errors.Is(last.Cause, ErrMaxRetries) || last.Attempt != 6 {
			t.Errorf("last event = %+v, want Connecting → Closed attempt 6 with ErrMaxRetries", last)
		}
		if s := c.Stats(); s.Attempts != 6 || s.Failures != 6 {
			t.Errorf("Stats() = %+v want 6 attempts, 6 failures", s)
		}
		if _, _, err := c.Receive(context.Background()); !errors.Is(err, ErrMaxRetries) {
			t.Errorf("Receive() after giving up = %v want ErrMaxRetries", err)
		}
		if err := c.SendText(context.Background(), "x"); !errors.Is(err, sdk.ErrClosed) {
			t.Errorf("Send() after giving up = %v want ErrClosed", err)
		}
	})
}

// TestBackoffJitter: delays stay within [max(MinDelay, c·(1−j)), c] with the
// injected rand at its extremes.
func TestBackoffJitter(t *testing.T) {
	ms := time.Millisecond
	testCases := []struct {
		jitter float64
		r      float64
		n      int
		want   time.Duration
	}{
		{0, 0.99, 1, 100 * ms},
		{0, 0.99, 3, 400 * ms},
		{0, 0.5, 10, 2000 * ms},
		{1, 0, 1, 100 * ms}, // [100, 100]: no room at n=1
		{1, 0.999999, 1, 100 * ms},
		{1, 0, 3, 100 * ms}, // floor is MinDelay, not 0
		{1, 0.5, 3, 250 * ms},
		{1, 0.999999999, 3, 400 * ms},
		{0.5, 0, 4, 400 * ms}, // [400, 800]
		{0.5, 0.5, 4, 600 * ms},
		{0.25, 0, 100, 1500 * ms}, // capped: [1500, 2000]
		{1, 0.5, 1_000_000, 1050 * ms},
	}
	for _, tc := range testCases {
		t.Run(fmt.Sprintf("j=%v,r=%v,n=%d", tc.jitter, tc.r, tc.n), func(t *testing.T) {
			t.Parallel()
			b := backoff{min: 100 * ms, max: 2 * time.Second, factor: 2, jitter: tc.jitter, rand: func() float64 { return tc.r }}
			got := b.delay(tc.n)
			if d := got - tc.want; d < -ms || d > ms {
				t.Errorf("delay(%d) = %v want %v", tc.n, got, tc.want)
			}
			if c := b.ceiling(tc.n); got < b.min || got > c {
				t.Errorf("delay(%d) = %v, outside [%v, %v]", tc.n, got, b.min, c)
			}
		})
	}
}

// TestBackoffBounds: over many draws and attempt numbers, every delay is
// within [MinDelay, MaxDelay] and ceilings grow until the cap.
func TestBackoffBounds(t *testing.T) {
	i := 0
	draws := []float64{0, 0.1, 0.5, 0.9, 0.999999}
	for _, j := range []float64{0, 0.3, 1} {
		for _, f := range []float64{1, 1.5, 2, 10} {
			b := backoff{min: 7 * time.Millisecond, max: 3 * time.Second, factor: f, jitter: j,
				rand: func() float64 { i++; return draws[i%len(draws)] }}
			prev := time.Duration(0)
			for n := 1; n < 200; n++ {
				c := b.ceiling(n)
				if c < prev || c < b.min || c > b.max {
					t.Fatalf("j=%v f=%v: ceiling(%d) = %v after %v", j, f, n, c, prev)
				}
				prev = c
				if d := b.delay(n); d < b.min || d > c {
					t.Fatalf("j=%v f=%v: delay(%d) = %v outside [%v, %v]", j, f, n, d, b.min, c)
				}
			}
		}
	}
}

// TestMinUptimeResets: a connection open for MinUptime resets the failure
// count and so the backoff; one that closes sooner counts as a failure.
func TestMinUptimeResets(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ms := time.Millisecond
		// Attempts 1 and 2 fail; then every attempt opens.
		c, n, r := newFake(t, Options{MinDelay: 100 * ms, MaxDelay: 10 * time.Second, Jitter: NoJitter, MinUptime: time.Second},
			func(k int) (*fakeConn, error) {
				if k <= 2 {
					return nil, errRefused
				}
				return newFakeConn(), nil
			})
		time.Sleep(300 * ms) // two failures, then connection 0 opens
		synctest.Wait()
		drop := func(i int, after time.Duration) {
			time.Sleep(after)
			n.conn(t, i).drop(sdk.CloseError{Code: sdk.StatusAbnormalClosure})
			synctest.Wait()
		}
		drop(0, time.Second) // long enough: a success
		time.Sleep(100 * ms) // Delay(1)
		synctest.Wait()      // connection 1 opens
		drop(1, 10*ms)       // too short: failure 1
		time.Sleep(100 * ms) // Delay(1)
		synctest.Wait()      //
		drop(2, 10*ms)       // failure 2
		time.Sleep(200 * ms) // Delay(2)
		synctest.Wait()      //
		drop(3, 1500*ms)     // success: reset
		time.Sleep(100 * ms) //
		synctest.Wait()      //
		if err := c.Close(sdk.StatusNormalClosure, ""); err != nil {
			t.Fatalf("Close() = %v", err)
		}
		waits := r.to(Waiting)
		if got, want := delays(waits), []time.Duration{100 * ms, 200 * ms, 100 * ms, 100 * ms, 200 * ms, 100 * ms}; !slices.Equal(got, want) {
			t.Errorf("Waiting delays = %v want %v", got, want)
		}
		if got, want := attempts(waits), []int{2, 3, 1, 2, 3, 1}; !slices.Equal(got, want) {
			t.Errorf("Waiting attempts = %v want %v", got, want)
		}
		if got, want := attempts(r.to(Open)), []int{3, 1, 2, 3, 1}; !slices.Equal(got, want) {
			t.Errorf("Open attempts = %v want %v", got, want)
		}
		if s := c.Stats(); s.Attempts != 7 || s.Reconnects != 4 {
			t.Errorf("Stats() = %+v want 7 attempts, 4 reconnects", s)
		}
	})
}

// TestMaxRetriesShortConnections: connections that close before MinUptime
// are failed attempts, so they end in ErrMaxRetries too.
func TestMaxRetriesShortConnections(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, _, _ := newFake(t, Options{MinDelay: time.Millisecond, MaxRetries: 3}, func(int) (*fakeConn, error) {
			fc := newFakeConn()
			go func() {
				time.Sleep(time.Millisecond)
				fc.drop(sdk.CloseError{Code: sdk.StatusServiceRestart, WasClean: true})
			}()
			return fc, nil
		})
		<-c.Done()
		if err := c.Err(); !errors.Is(err, ErrMaxRetries) {
			t.Fatalf("Err() = %v want ErrMaxRetries", err)
		}
		var ce sdk.CloseError
		if err := c.Err(); !errors.As(err, &ce) || ce.Code != sdk.StatusServiceRestart {
			t.Errorf("Err() = %v, want the last close (1012) inside", err)
		}
		if s := c.Stats(); s.Attempts != 3 || s.Reconnects != 2 {
			t.Errorf("Stats() = %+v want 3 attempts, 2 reconnects", s)
		}
	})
}

// TestURLProvider: the provider is asked before every attempt; its error and
// its panic are failed attempts with a reported cause; the loop goes on.
func TestURLProvider(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		calls := 0
		errDown := errors.New("directory down")
		opts := Options{MinDelay: 10 * time.Millisecond, URL: func(ctx context.Context) (string, error) {
			calls++
			switch calls {
			case 1:
				return "", errDown
			case 2:
				panic("boom")
			}
			return fmt.Sprintf("ws://fake/%d", calls), nil
		}}
		c, n, r := newFake(t, opts, alwaysOpen)
		time.Sleep(time.Second)
		synctest.Wait()
		if c.State() != Open {
			t.Fatalf("State() = %v want Open", c.State())
		}
		waits := r.to(Waiting)
		if len(waits) != 2 || !errors.Is(waits[0].Cause, errDown) || !strings.Contains(fmt.Sprint(waits[1].Cause), "panicked: boom") {
			t.Errorf("Waiting events = %+v, want the provider's error then its panic", waits)
		}
		if got := n.urls; !slices.Equal(got, []string{"ws://fake/3"}) {
			t.Errorf("dialled %v want [ws://fake/3]", got)
		}
		if s := c.Stats(); s.Attempts != 3 {
			t.Errorf("Stats().Attempts = %d want 3", s.Attempts)
		}
		_ = c.Close(sdk.StatusNormalClosure, "")
	})
}

// TestReconnect: Reconnect closes the open connection with a handshake and
// connects again at once; while Waiting it ends the wait.
func TestReconnect(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, n, r := newFake(t, Options{MinDelay: time.Hour}, alwaysOpen)
		synctest.Wait()
		start := time.Now()
		c.Reconnect()
		synctest.Wait()
		if c.State() != Open || time.Since(start) != 0 {
			t.Fatalf("after Reconnect: %v after %v, want Open at once", c.State(), time.Since(start))
		}
		if first := n.conn(t, 0); !first.CloseCalled() {
			t.Errorf("Reconnect did not close the first connection")
		}
		n.conn(t, 1).drop(sdk.CloseError{Code: sdk.StatusAbnormalClosure})
		synctest.Wait()
		if c.State() != Waiting {
			t.Fatalf("after a drop: %v want Waiting", c.State())
		}
		c.Reconnect()
		synctest.Wait()
		if c.State() != Open || time.Since(start) != 0 {
			t.Fatalf("Reconnect while Waiting: %v after %v, want Open at once", c.State(), time.Since(start))
		}
		ev := r.to(Connecting)[0]
		if ev.From != Open || ev.Cause != nil {
			t.Errorf("event after Reconnect = %+v want Open → Connecting without cause", ev)
		}
		_ = c.Close(sdk.StatusNormalClosure, "")
		if s := c.Stats(); s.Attempts != 3 || s.Failures != 1 {
			t.Errorf("Stats() = %+v want 3 attempts, 1 failure (the drop)", s)
		}
	})
}

// TestShouldReconnect: the default policy, and that it ends the Client with
// the connection's close.
func TestShouldReconnect(t *testing.T) {
	for code, want := range map[sdk.StatusCode]bool{
		1000: false, 1001: true, 1002: false, 1003: false, 1005: true, 1006: true, 1007: false,
		1008: false, 1009: false, 1010: false, 1011: true, 1012: true, 1013: true, 1014: true,
		3000: true, 4000: true, 4008: false, 4009: false, 4999: true,
	} {
		if got := DefaultShouldReconnect(sdk.CloseError{Code: code}); got != want {
			t.Errorf("DefaultShouldReconnect(%v) = %v want %v", code, got, want)
		}
	}
	synctest.Test(t, func(t *testing.T) {
		c, n, r := newFake(t, Options{}, alwaysOpen)
		synctest.Wait()
		n.conn(t, 0).drop(sdk.CloseError{Code: sdk.StatusPolicyViolation, Reason: "no", WasClean: true})
		<-c.Done()
		synctest.Wait()
		var ce sdk.CloseError
		if err := c.Err(); !errors.As(err, &ce) || ce.Code != sdk.StatusPolicyViolation || !errors.Is(err, sdk.ErrClosed) {
			t.Errorf("Err() = %v want the 1008 CloseError", err)
		}
		last := r.all()[len(r.all())-1]
		if last.From != Open || last.To != Closed || !errors.As(last.Cause, &ce) {
			t.Errorf("last event = %+v want Open → Closed with the CloseError", last)
		}
		if err := c.Close(sdk.StatusNormalClosure, ""); !errors.Is(err, sdk.ErrClosed) {
			t.Errorf("Close() after Closed = %v want ErrClosed", err)
		}
	})
}

// TestReplayAndMaybeLost: when a connection dies, messages wholly in the
// final tail go back to the head of the outbox and are sent first on the
// next connection; the message straddling the tail and those that left
// unconfirmed are counted maybe lost, never resent.
func TestReplayAndMaybeLost(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, n, r := newFake(t, Options{MinDelay: 10 * time.Millisecond}, alwaysOpen)
		ctx := context.Background()
		synctest.Wait()
		first := n.conn(t, 0)
		first.setWritten(0)
		for i := range 5 {
			if err := c.SendText(ctx, fmt.Sprintf("m%d-4567890", i)); err != nil { // 10 bytes each
				t.Fatal(err)
			}
		}
		synctest.Wait()
		first.setWritten(25) // m0, m1 left; m2 half; m3, m4 never
		first.drop(sdk.CloseError{Code: sdk.StatusAbnormalClosure})
		synctest.Wait()
		if err := c.SendText(ctx, "new"); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
		synctest.Wait()
		if got, want := n.conn(t, 1).data(), []string{"m3-4567890", "m4-4567890", "new"}; !slices.Equal(got, want) {
			t.Errorf("second connection got %q want %q", got, want)
		}
		ev := r.to(Waiting)[0]
		if ev.Replayed != 2 || ev.MaybeLost != 3 {
			t.Errorf("event = %+v want 2 replayed, 3 maybe lost", ev)
		}
		_ = c.Close(sdk.StatusNormalClosure, "")
		if s := c.Stats(); s.Replayed != 2 || s.MaybeLost != 3 || s.Sent != 8 {
			t.Errorf("Stats() = %+v want 2 replayed, 3 maybe lost, 8 sent", s)
		}
	})
}

// TestPingConfirms: natively a pong confirms what left before the ping, so
// only what left after it is maybe lost.
func TestPingConfirms(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, n, r := newFake(t, Options{MinDelay: 10 * time.Millisecond, HeartbeatInterval: time.Second,
			HeartbeatMessage: []byte(DefaultHeartbeatMessage)}, alwaysOpen)
		ctx := context.Background()
		synctest.Wait()
		fc := n.conn(t, 0)
		fc.setWritten(0)
		for i := range 4 {
			_ = c.SendText(ctx, fmt.Sprintf("m%d-4567890", i))
		}
		synctest.Wait()
		fc.setWritten(30)                                                            // m0..m2 left
		time.Sleep(time.Second)                                                      // the heartbeat goes after m3
		synctest.Wait()                                                              //
		fc.inbound <- received{typ: sdk.Text, data: []byte(DefaultHeartbeatMessage)} // its echo: m0..m3 read
		synctest.Wait()
		_ = c.SendText(ctx, "m4-4567890")
		_ = c.SendText(ctx, "m5-4567890")
		synctest.Wait()
		fc.setWritten(40 + int64(len(DefaultHeartbeatMessage)) + 10) // m4 left, m5 did not
		fc.drop(sdk.CloseError{Code: sdk.StatusAbnormalClosure})
		synctest.Wait()
		ev := r.to(Waiting)[0]
		if ev.Replayed != 1 || ev.MaybeLost != 1 {
			t.Errorf("event = %+v want 1 replayed (m5), 1 maybe lost (m4)", ev)
		}
		_ = c.Close(sdk.StatusNormalClosure, "")
	})
}

// TestHeartbeatTimeout: a link that answers nothing is declared dead after
// HeartbeatTimeout, closed and reconnected; the cause says so.
func TestHeartbeatTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, n, r := newFake(t, Options{MinDelay: time.Hour, HeartbeatInterval: time.Second, HeartbeatTimeout: 3 * time.Second},
			func(int) (*fakeConn, error) {
				fc := newFakeConn()
				fc.pong, fc.cleanClose = false, false
				return fc, nil
			})
		synctest.Wait()
		start := time.Now()
		<-n.conn(t, 0).Done()
		if d := time.Since(start); d != 3*time.Second {
			t.Errorf("declared dead after %v want 3s", d)
		}
		synctest.Wait()
		ev := r.to(Waiting)[0]
		if ev.From != Open || !errors.Is(ev.Cause, ErrHeartbeatTimeout) {
			t.Errorf("event = %+v want Open → Waiting with ErrHeartbeatTimeout", ev)
		}
		_ = c.Close(sdk.StatusNormalClosure, "")
	})
}

// TestHeartbeatSlowReader: time spent waiting for the application to read is
// not silence.
func TestHeartbeatSlowReader(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, n, _ := newFake(t, Options{HeartbeatInterval: time.Second, HeartbeatTimeout: 3 * time.Second},
			func(int) (*fakeConn, error) {
				fc := newFakeConn()
				fc.pong = false
				return fc, nil
			})
		synctest.Wait()
		fc := n.conn(t, 0)
		big := make([]byte, inboxLimit)
		fc.inbound <- received{typ: sdk.Binary, data: big}
		go func() { fc.inbound <- received{typ: sdk.Binary, data: big} }() // the inbox is full: waits
		time.Sleep(time.Minute)
		synctest.Wait()
		if c.State() != Open {
			t.Fatalf("State() = %v after a minute of an unread inbox, want Open", c.State())
		}
		for range 2 {
			if _, p, err := c.Receive(context.Background()); err != nil || len(p) != len(big) {
				t.Fatalf("Receive() = %d bytes, %v", len(p), err)
			}
		}
		time.Sleep(10 * time.Second)
		synctest.Wait()
		if c.State() == Open {
			t.Errorf("State() = Open after 10s of silence once read, want it declared dead")
		}
		_ = c.Close(sdk.StatusNormalClosure, "")
	})
}

// TestCloseFlushesOutbox: Close hands queued messages to the open connection
// before the handshake; a completed handshake confirms everything.
func TestCloseFlushesOutbox(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, n, r := newFake(t, Options{}, alwaysOpen)
		synctest.Wait()
		fc := n.conn(t, 0)
		fc.setWritten(0)
		for i := range 3 {
			_ = c.SendText(context.Background(), fmt.Sprint(i))
		}
		if err := c.Close(4000, "bye"); err != nil {
			t.Fatalf("Close() = %v", err)
		}
		synctest.Wait() // for the last events
		if got := fc.data(); !slices.Equal(got, []string{"0", "1", "2"}) {
			t.Errorf("sent %q before closing, want 0 1 2", got)
		}
		if ce, _ := fc.CloseStatus(); ce.Code != 4000 || ce.Reason != "bye" {
			t.Errorf("connection closed with %+v want 4000 bye", ce)
		}
		evs := r.all()
		if got := evs[len(evs)-2:]; got[0].To != Closing || got[1].To != Closed || got[1].MaybeLost != 0 || got[1].Replayed != 0 {
			t.Errorf("last events = %+v want Open → Closing → Closed, nothing lost", got)
		}
		if c.State() != Closed {
			t.Errorf("State() = %v after Close", c.State())
		}
		if _, _, err := c.Receive(context.Background()); !errors.Is(err, sdk.ErrClosed) {
			t.Errorf("Receive() after Close = %v want ErrClosed", err)
		}
	})
}

// TestCloseWhileWaiting: nothing is sent; queued messages are reported
// unsent.
func TestCloseWhileWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, _, r := newFake(t, Options{MinDelay: time.Hour}, neverOpen)
		synctest.Wait()
		_ = c.SendText(context.Background(), "a")
		_ = c.SendText(context.Background(), "b")
		if err := c.Close(sdk.StatusNormalClosure, ""); err != nil {
			t.Fatalf("Close() = %v", err)
		}
		synctest.Wait()
		evs := r.all()
		last := evs[len(evs)-1]
		if last.From != Closing || last.To != Closed || last.Unsent != 2 {
			t.Errorf("last event = %+v want Closing → Closed with 2 unsent", last)
		}
		if got := evs[len(evs)-2]; got.From != Waiting || got.To != Closing {
			t.Errorf("event before = %+v want Waiting → Closing", got)
		}
	})
}

// TestCloseWhileConnecting: Close cancels the attempt and waits for it.
func TestCloseWhileConnecting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		opts := Options{URL: func(ctx context.Context) (string, error) {
			<-ctx.Done()
			return "", ctx.Err()
		}}
		c, _, _ := newFake(t, opts, alwaysOpen)
		synctest.Wait()
		if err := c.Close(sdk.StatusNormalClosure, ""); err != nil {
			t.Fatalf("Close() = %v", err)
		}
		if s := c.Stats(); c.State() != Closed || s.Attempts != 1 {
			t.Errorf("after Close: %v %+v", c.State(), s)
		}
	})
}

// TestConnectTimeout: an attempt that does not open in time fails with a
// deadline error.
func TestConnectTimeoutFake(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		opts := Options{ConnectTimeout: 2 * time.Second, MaxRetries: 1, URL: func(ctx context.Context) (string, error) {
			<-ctx.Done()
			return "", ctx.Err()
		}}
		start := time.Now()
		c, _, _ := newFake(t, opts, alwaysOpen)
		<-c.Done()
		if d := time.Since(start); d != 2*time.Second {
			t.Errorf("gave up after %v want 2s", d)
		}
		if err := c.Err(); !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ErrMaxRetries) {
			t.Errorf("Err() = %v want ErrMaxRetries and DeadlineExceeded", err)
		}
	})
}

// TestDowntime: time not Open after the first open.
func TestDowntime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, n, _ := newFake(t, Options{MinDelay: 3 * time.Second, Jitter: NoJitter}, alwaysOpen)
		synctest.Wait()
		time.Sleep(time.Hour)
		n.conn(t, 0).drop(sdk.CloseError{Code: sdk.StatusGoingAway, WasClean: true})
		synctest.Wait()
		time.Sleep(time.Second)
		if got := c.Stats().Downtime; got != time.Second {
			t.Errorf("Downtime while Waiting = %v want 1s", got)
		}
		time.Sleep(time.Hour)
		synctest.Wait()
		_ = c.Close(sdk.StatusNormalClosure, "")
		if got := c.Stats().Downtime; got != 3*time.Second {
			t.Errorf("Downtime = %v want 3s", got)
		}
	})
}
