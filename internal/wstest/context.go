package wstest

import (
	"context"
	"testing"
	"time"
)

// Timeout bounds every wait in the behaviour suites, so that a hang fails the
// test instead of stalling the run.
const Timeout = 30 * time.Second

// Context returns a context that ends after Timeout or with the test.
func Context(tb testing.TB) context.Context {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	tb.Cleanup(cancel)
	return ctx
}
