package reconnect_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/wasmws/wasmws/internal/wstest"
	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// testContext bounds a test's waits (wstest.Timeout).
func testContext(t testing.TB) context.Context {
	t.Helper()
	return wstest.Context(t)
}

// events collects a Client's state changes; set its record as
// Options.OnStateChange.
type events chan reconnect.StateChange

func newEvents() events { return make(events, 100_000) }

func (e events) record(ev reconnect.StateChange) {
	select {
	case e <- ev:
	default: // a test that makes more events does not read them
	}
}

// waitFor returns the first event (from those not yet read) for which ok
// is true, or fails the test.
func (e events) waitFor(t *testing.T, what string, ok func(reconnect.StateChange) bool) reconnect.StateChange {
	t.Helper()
	ctx := testContext(t)
	for {
		select {
		case ev := <-e:
			if ok(ev) {
				return ev
			}
		case <-ctx.Done():
			t.Fatalf("no event %s within %v", what, wstest.Timeout)
		}
	}
}

// fast are options for tests: quick retries.
func fast(opts reconnect.Options) *reconnect.Options {
	if opts.MinDelay == 0 {
		opts.MinDelay = 10 * time.Millisecond
	}
	if opts.MaxDelay == 0 {
		opts.MaxDelay = 50 * time.Millisecond
	}
	return &opts
}

// dial opens a Client to the echo endpoint with query, closing it at the end
// of the test.
func dial(t testing.TB, query string, opts *reconnect.Options) *reconnect.Client {
	t.Helper()
	c, err := reconnect.Dial(testContext(t), wstest.EchoURL(t, query), opts)
	if err != nil {
		t.Fatalf("Dial(%q) = %v", query, err)
	}
	t.Cleanup(func() { _ = c.Close(sdk.StatusNormalClosure, "") })
	return c
}

// receive returns the next message or fails the test.
func receive(t *testing.T, c *reconnect.Client) []byte {
	t.Helper()
	_, p, err := c.Receive(testContext(t))
	if err != nil {
		t.Fatalf("Receive() = %v", err)
	}
	return p
}

// echo sends s and checks that it comes back.
func echo(t *testing.T, c *reconnect.Client, s string) {
	t.Helper()
	if err := c.SendText(testContext(t), s); err != nil {
		t.Fatalf("Send(%q) = %v", s, err)
	}
	if p := receive(t, c); string(p) != s {
		t.Fatalf("echo = %q want %q", p, s)
	}
}

// closeCode returns the close code inside err, or 0.
func closeCode(err error) sdk.StatusCode {
	var ce sdk.CloseError
	if errors.As(err, &ce) {
		return ce.Code
	}
	return 0
}

// pauseKey returns a key for the server's pause/resume faults unique to this
// run, so parallel tests do not resume each other.
func pauseKey() string {
	return "k" + strconv.FormatUint(rand.Uint64(), 36)
}

// resume resumes the server's connections paused with key.
func resume(t *testing.T, key string) {
	t.Helper()
	c, err := sdk.Dial(testContext(t), wstest.EchoURL(t, "resume="+key), nil)
	if err != nil {
		t.Fatalf("resume: %v", err)
	}
	_ = c.Close(sdk.StatusNormalClosure, "")
}
