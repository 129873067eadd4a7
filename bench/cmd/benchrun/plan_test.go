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
