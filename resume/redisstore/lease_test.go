//go:build !js

package redisstore

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wasmws/wasmws/internal/testredis"
	"github.com/wasmws/wasmws/resume"
)

// TestLeaseExpiresAttached: a session whose process died attached (never
// detached) expires once its lease has passed without a write, leaving a
// tombstone and releasing its room; a session that writes keeps its lease.
// (Outcomes are checked only after the lease has surely passed, or long
// before it can.)
func TestLeaseExpiresAttached(t *testing.T) {
	r := testredis.Start(t)
	ctx := context.Background()
	s := newTestStore(t, r.URL(), &Options{Lease: 30 * time.Millisecond})
	long := newTestStore(t, r.URL(), &Options{Prefix: "{long}:", Lease: time.Hour})
	for _, st := range []*Store{s, long} {
		if err := st.Create(ctx, resume.Record{ID: "a", Pending: resume.Hash{1}, Epoch: 1, Reserve: 10}); err != nil {
			t.Fatal(err)
		}
		if err := st.Update(ctx, "a", 1, resume.Progress{InSeq: 2}); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(100 * time.Millisecond)
	var exp *resume.ExpiredError
	if _, err := s.Claim(ctx, "a", resume.Hash{1}, resume.Hash{2}, 0); !errors.As(err, &exp) || exp.Ack != 2 {
		t.Errorf("Claim after the lease = %v want an *ExpiredError{Ack 2}", err)
	}
	if n, reserved, _, err := s.Usage(ctx); err != nil || n != 0 || reserved != 0 {
		t.Errorf("Usage() after the lease = %d, %d, %v want 0, 0", n, reserved, err)
	}
	if _, err := long.Claim(ctx, "a", resume.Hash{1}, resume.Hash{2}, 0); err != nil {
		t.Errorf("Claim within the lease: %v", err)
	}
}
