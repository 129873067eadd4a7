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

// TestReconnectAfterFault: the Client reconnects after the server drops the
// connection or closes it with a code that invites it back, and the new
// connection works.
func TestReconnectAfterFault(t *testing.T) {
	testCases := []struct {
		name  string
		query string
		code  sdk.StatusCode
	}{
		{"drop", "drop=1", sdk.StatusAbnormalClosure},
		{"service restart", "close=1012&after=1", sdk.StatusServiceRestart},
		{"try again later", "close=1013&reason=busy&after=1", sdk.StatusTryAgainLater},
		{"going away", "close=1001&after=1", sdk.StatusGoingAway},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ev := newEvents()
			c := dial(t, tc.query, fast(reconnect.Options{OnStateChange: ev.record}))
			echo(t, c, "one")
			down := ev.waitFor(t, "Open → Waiting", func(e reconnect.StateChange) bool { return e.From == reconnect.Open })
			if want := seenCloseCode(tc.code); down.To != reconnect.Waiting || closeCode(down.Cause) != want {
				t.Errorf("event = %+v want Open → Waiting caused by %v", down, want)
			}
			ev.waitFor(t, "reopen", func(e reconnect.StateChange) bool { return e.To == reconnect.Open })
			echo(t, c, "two")
			if s := c.Stats(); s.Reconnects < 1 || s.Attempts < 2 {
				t.Errorf("Stats() = %+v want a reconnect", s)
			}
		})
	}
}

// TestNoReconnectAfterPolicyViolation: 1008 ends the Client; Receive returns
// the echo, then the close.
func TestNoReconnectAfterPolicyViolation(t *testing.T) {
	ev := newEvents()
	c := dial(t, "close=1008&reason=go&after=1", fast(reconnect.Options{OnStateChange: ev.record}))
	echo(t, c, "one")
	_, _, err := c.Receive(testContext(t))
	if closeCode(err) != sdk.StatusPolicyViolation || !errors.Is(err, sdk.ErrClosed) {
		t.Fatalf("Receive() after 1008 = %v want the CloseError 1008", err)
	}
	if c.State() != reconnect.Closed || closeCode(c.Err()) != sdk.StatusPolicyViolation {
		t.Errorf("after 1008: %v, Err() = %v", c.State(), c.Err())
	}
	last := ev.waitFor(t, "Closed", func(e reconnect.StateChange) bool { return e.To == reconnect.Closed })
	if last.From != reconnect.Open {
		t.Errorf("last event = %+v want Open → Closed", last)
	}
	if s := c.Stats(); s.Attempts != 1 {
		t.Errorf("Stats().Attempts = %d want 1", s.Attempts)
	}
	if err := c.SendText(testContext(t), "x"); !errors.Is(err, sdk.ErrClosed) {
		t.Errorf("Send() after Closed = %v want ErrClosed", err)
	}
}

// TestRejectedUntilMaxRetries: a refused handshake is retried until
// MaxRetries, then the Client gives up.
func TestRejectedUntilMaxRetries(t *testing.T) {
	ev := newEvents()
	_, err := reconnect.Dial(testContext(t), wstest.EchoURL(t, "reject=503"),
		fast(reconnect.Options{MaxRetries: 3, OnStateChange: ev.record}))
	if !errors.Is(err, reconnect.ErrMaxRetries) || !errors.Is(err, sdk.ErrClosed) {
		t.Fatalf("Dial(reject=503) = %v want ErrMaxRetries", err)
	}
	wstest.WantOnePrefix(t, err) // giving up, then the last attempt's CloseError and cause
	waits := 0
	for e := range ev {
		switch e.To {
		case reconnect.Waiting:
			waits++
			if closeCode(e.Cause) != sdk.StatusAbnormalClosure {
				t.Errorf("Waiting cause = %v want a 1006 CloseError", e.Cause)
			}
		case reconnect.Closed:
			if waits != 2 || e.Attempt != 3 {
				t.Errorf("Closed after %d waits at attempt %d, want 2 and 3", waits, e.Attempt)
			}
			return
		}
	}
}

// TestConnectTimeout: an attempt on a server that never answers the upgrade
// ends at ConnectTimeout.
func TestConnectTimeout(t *testing.T) {
	start := time.Now()
	_, err := reconnect.Dial(testContext(t), wstest.EchoURL(t, "hang=10s"),
		fast(reconnect.Options{ConnectTimeout: 200 * time.Millisecond, MaxRetries: 2}))
	if !errors.Is(err, reconnect.ErrMaxRetries) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Dial(hang=10s) = %v want ErrMaxRetries after DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("gave up after %v: ConnectTimeout did not apply", d)
	}
}

// TestDialCancelled: Dial's ctx bounds the wait for the first open.
func TestDialCancelled(t *testing.T) {
	ctx, cancel := context.WithTimeout(testContext(t), 100*time.Millisecond)
	defer cancel()
	_, err := reconnect.Dial(ctx, wstest.EchoURL(t, "reject=503"), fast(reconnect.Options{}))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Dial() with a short ctx = %v want DeadlineExceeded", err)
	}
}

// TestProtocol: each connection negotiates the subprotocol again.
func TestProtocol(t *testing.T) {
	opts := fast(reconnect.Options{})
	opts.Protocols = []string{"unknown", "chat"}
	c := dial(t, "", opts)
	if got := c.Protocol(); got != "chat" {
		t.Errorf("Protocol() = %q want chat", got)
	}
}

// TestDialOption: Options.Dial opens every connection, the first and those
// after a drop.
func TestDialOption(t *testing.T) {
	var dials atomic.Int32
	ev := newEvents()
	opts := fast(reconnect.Options{OnStateChange: ev.record})
	opts.Dial = func(ctx context.Context, url string, o *sdk.Options) (*sdk.Conn, error) {
		dials.Add(1)
		return sdk.Dial(ctx, url, o)
	}
	c := dial(t, "drop=1", opts)
	echo(t, c, "one") // the server drops the connection after this echo
	ev.waitFor(t, "Open → Waiting", func(e reconnect.StateChange) bool { return e.From == reconnect.Open })
	ev.waitFor(t, "reopen", func(e reconnect.StateChange) bool { return e.To == reconnect.Open })
	echo(t, c, "two")
	if got := dials.Load(); got < 2 {
		t.Errorf("Options.Dial called %d times, want at least 2", got)
	}
}
