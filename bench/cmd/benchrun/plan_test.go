//go:build !js

package main

import (
	"slices"
	"testing"
	"time"
)

// TestWithSizes: -sizes, -rounds and -slice replace the plan's own values,
// and leave it alone when not given.
func TestWithSizes(t *testing.T) {
	t.Parallel()
	plan := browserPlan(false)
	if got := (&driver{}).withSizes(plan); !slices.Equal(got.Sizes, plan.Sizes) || got.Reps != plan.Reps || got.Throughput != plan.Throughput {
		t.Errorf("without flags: %+v, want %+v", got, plan)
	}
	d := &driver{cfg: config{sizes: []int{16}, rounds: 3, slice: time.Second}}
	want := plan
	want.Sizes, want.Reps, want.Throughput = []int{16}, 3, time.Second
	if got := d.withSizes(plan); !slices.Equal(got.Sizes, want.Sizes) || got.Reps != 3 || got.Throughput != time.Second || got.Latency != plan.Latency {
		t.Errorf("with flags: %+v, want %+v", got, want)
	}
}

// TestReverseGoCrossesHalves: over rounds 1–4 the Go clients run in each
// order with each half first (Go first in the even rounds, see measure).
func TestReverseGoCrossesHalves(t *testing.T) {
	t.Parallel()
	type combo struct{ goFirst, reversed bool }
	seen := map[combo]bool{}
	for rep := 1; rep <= 4; rep++ {
		seen[combo{rep%2 == 0, reverseGo(rep)}] = true
	}
	if len(seen) != 4 {
		t.Errorf("rounds 1–4 give %d of the 4 combinations: %v", len(seen), seen)
	}
	if reverseGo(1) {
		t.Error("round 1 is reversed: the first counted round should keep the clients' order")
	}
}
