//go:build !js

package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/wasmws/wasmws/internal/tools/bench"
	"github.com/wasmws/wasmws/internal/tools/bench/native"
)

// runResume measures reconnect.Client in resume mode beside plain mode,
// natively, interleaved as the native section is (the browser's pair is in
// the browser section: reconnect.Client (wasm) and its resume twin).
func (d *driver) runResume(ctx context.Context) error {
	plan := d.withSizes(resumePlan(d.cfg.quick))
	total := plan.Steps(len(native.ResumeClients))
	d.report.ResumePlan = describePlan(plan)
	d.report.Resume = bench.MergeAll(bench.Run(ctx, d.echoURL, native.ResumeClients, plan, func(i int, what string) {
		d.progress.step("resume", i, total, what)
	}))
	return resultsErr(d.report.Resume)
}

// resumePlan is the native section's plan with 7 rounds instead of 3, as
// the browser's: the section measures two clients, so that is about 90 s.
// Resume ÷ plain is read against a target (0.9) near which the median of 3
// rounds fell on either side by chance: at 64 KiB one round's ratio moved
// by sd 0.10 in log (15 rounds of six runs, 0.74–1.15). The trimmed
// geometric mean of 7 (bench.ThroughputRatio) is steadier, and holds a
// disturbed round out.
func resumePlan(quick bool) bench.Plan {
	plan := nativePlan(quick)
	if !quick {
		plan.Reps = 7
	}
	return plan
}

// browserResumeClients are the browser section's pair: plain mode, the
// reference, then resume mode.
var browserResumeClients = []string{"reconnect.Client (wasm)", "reconnect.Client resume (wasm)"}

// resumeMarkdown renders the resume tables: resume mode with its ratio to
// plain mode, natively and in the browser.
func (r *report) resumeMarkdown(b *strings.Builder) {
	if len(r.Resume) == 0 {
		return
	}
	fmt.Fprintf(b, "\n## Resume mode beside plain mode (reconnect.Client)\n\n")
	fmt.Fprintf(b, "Natively: %s; reference plain mode, so the × columns are resume ÷ plain (target ≥ 0.9 at 1 KiB and above). ", r.ResumePlan)
	fmt.Fprintf(b, "With the default windows (the client's 4 MiB, the server's 2 MiB) resume mode has at most about 2 MiB in flight each way where plain mode has the window of 64 messages or 4 MiB.\n\n")
	resultTable(b, r.Resume, native.ResumeReference)
	var browser []bench.Result
	for _, res := range r.Browser {
		if res.Client == browserResumeClients[0] || res.Client == browserResumeClients[1] {
			browser = append(browser, res)
		}
	}
	if len(browser) > 0 {
		fmt.Fprintf(b, "\nIn the browser (the browser section's figures for the pair): reference plain mode.\n\n")
		resultTable(b, browser, browserResumeClients[0])
	}
}
