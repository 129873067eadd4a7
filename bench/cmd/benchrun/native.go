//go:build !js

package main

import (
	"context"
	"time"

	"github.com/wasmws/wasmws/internal/tools/bench"
	"github.com/wasmws/wasmws/internal/tools/bench/native"
)

// nativePlan is how much the native section measures: in the full run about
// a minute (3 rounds × 4 sizes × 3 clients × 1.5 s).
func nativePlan(quick bool) bench.Plan {
	if quick {
		return bench.Plan{Sizes: bench.Sizes, Reps: 1, Throughput: 150 * time.Millisecond, Latency: 100 * time.Millisecond, MaxRounds: 2000}
	}
	return bench.Plan{Sizes: bench.Sizes, Reps: 3, Throughput: time.Second, Latency: 500 * time.Millisecond, MaxRounds: 20000}
}

// runNative measures the native clients, interleaved, against the server.
func (d *driver) runNative(ctx context.Context) error {
	plan := d.withSizes(nativePlan(d.cfg.quick))
	total := plan.Steps(len(native.Clients))
	d.report.NativePlan = describePlan(plan)
	d.report.Native = bench.MergeAll(bench.Run(ctx, d.echoURL, native.Clients, plan, func(i int, what string) {
		d.progress.step("native", i, total, what)
	}))
	return resultsErr(d.report.Native)
}
