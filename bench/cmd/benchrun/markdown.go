//go:build !js

package main

import (
	"fmt"
	"strings"

	"github.com/wasmws/wasmws/internal/tools/bench"
	"github.com/wasmws/wasmws/internal/tools/bench/native"
)

// markdown renders the report as RESULTS.md.
func (r *report) markdown() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# wasmws benchmark results\n\n")
	if r.Quick {
		w("**Smoke run (BENCH_QUICK=1): the figures mean little; run `make bench` for real ones.**\n\n")
	}
	w("%s · %s · %s %s (%d CPUs) · %s · %.0f s in all (`make bench`, driver: bench/cmd/benchrun).\n\n",
		r.Date, r.Go, r.Platform, r.CPU, r.CPUs, or(r.Chromium, "Chromium unknown"), r.Seconds)
	w("Every client echoes through the same bundled server (`wasmws serve`, its own process, loopback). ")
	w("Throughput keeps a window of messages in flight (64, or 4 MiB / size); MB/s is payload one way. ")
	w("Latency is one message at a time. Ratios: throughput client ÷ reference (msgs/s: the geometric mean over rounds of each round's ratio, without the lowest and the highest, the client's and the reference's slices of one round having run seconds apart), latency reference p50 ÷ client p50, so above 1 is better for both.\n\n")

	w("## Native\n\n%s; reference raw coder/websocket.\n\n", r.NativePlan)
	resultTable(&b, r.Native, native.Reference)
	if len(r.NativePinned) > 0 {
		w("\n## Native, client and server pinned to one CPU\n\n%s; reference raw coder/websocket. ", r.NativePinnedPlan)
		w("The same clients again, with the client process and a server of its own pinned to CPU %s by taskset (so GOMAXPROCS is 1 in both): ", pinnedCPU)
		w("no wake-ups across CPUs, whose cost on a small VM is large and random, so these figures show each client's own cost and repeat within a few per cent.\n\n")
		resultTable(&b, r.NativePinned, native.Reference)
	}

	w("\n## Browser (headless Chromium)\n\n%s; reference the browser's WebSocket driven by plain JavaScript. ", r.BrowserPlan)
	w("All of them run in one page (the Go programs through wasm_exec.js): each round measures every size in turn, at each size the JS clients then the Go ones (Go first in every other round), so that both sides of a round's ratio ran within seconds of each other; the DevTools Network domain is off, as it copies every frame. ")
	w("Allocations are those of the Go heap (runtime.MemStats); JavaScript has none to read. ")
	w("Chromium coarsens timers to 100 µs on pages that are not cross-origin isolated, so latencies are in steps of 0.1 ms.\n\n")
	if r.WasmwsPending != "" {
		w("wasmws.WebSocket: **%s**.\n\n", r.WasmwsPending)
	}
	resultTable(&b, r.Browser, clientJS)
	for _, e := range r.Engines {
		w("\n## Browser (headless %s)\n\n", engineTitle(e.Engine))
		w("The same page, clients and plan as in Chromium, in %s; ratios to plain JavaScript in the same page. ", or(e.Version, engineTitle(e.Engine)))
		w("benchrun drives the page through a small HTTP agent of its own (page/agent.js) instead of DevTools. ")
		w("The engine's timer (performance.now) has 1 ms steps in this page, so latencies are in whole milliseconds and a p50 below 1 ms reads 0 (its ratio: –).\n\n")
		if e.Error != "" {
			w("**The section failed: %s**\n\n", e.Error)
		}
		resultTable(&b, e.Results, clientJS)
	}

	w("\n## Reconnect latency (reconnect.Client, native)\n\n")
	w("MinDelay %v, MaxDelay %v, full jitter, MinUptime %v. Time to Open counts from the moment the server accepts again ", rcMinDelay, rcMaxDelay, rcMinUptime)
	w("(at attempt 1: the end of the first backoff wait, which is exactly MinDelay after a drop).\n\n")
	w("| scenario | reps | backoff delay scheduled | to Open (mean) | to Open (max) | attempt |\n|---|---:|---:|---:|---:|---:|\n")
	for _, rc := range r.Reconnect {
		if rc.Error != "" {
			w("| %s | | | error: %s | | |\n", rc.Scenario, rc.Error)
			continue
		}
		w("| %s | %d | %.0f ms | %.1f ms | %.1f ms | %.1f |\n", rc.Scenario, rc.Reps, rc.DelayMs, rc.OpenMs, rc.OpenMax, rc.Attempt)
	}
	resumeStoreMarkdown(&b, r.ResumeStore)

	r.resumeMarkdown(&b)

	w("\n## wasm size\n\n| module | build | raw | gzip -9 | brotli 11 |\n|---|---|---:|---:|---:|\n")
	for _, s := range r.Sizes {
		if s.Error != "" {
			w("| %s | %s | %s | | |\n", s.Name, s.Build, s.Error)
			continue
		}
		w("| %s | %s | %s | %s | %s |\n", s.Name, s.Build, kb(s.Raw), kb(s.Gzip), kb(s.Brotli))
	}

	w("\n## Targets\n\nMeasured and written, never asserted. Where one is missed, bench/README.md gives the cause from profiles, with the fix measured on a patched copy where there is one.\n\n")
	w("| target | measured | |\n|---|---|---|\n")
	for _, t := range r.Targets {
		verdict := "met"
		if !t.Met {
			verdict = "**missed**"
		}
		w("| %s | %s | %s |\n", t.Target, t.Measured, verdict)
	}
	if len(r.Notes) > 0 {
		w("\n## Notes\n\n")
		for _, n := range r.Notes {
			w("- %s\n", n)
		}
	}
	return b.String()
}

// resultTable writes the results, sizes outer, with ratios to ref.
func resultTable(b *strings.Builder, results []bench.Result, ref string) {
	fmt.Fprintf(b, "| size | client | msgs/s | MB/s | p50 | p99 | allocs/msg | B/msg | × msgs/s | × p50 |\n")
	fmt.Fprintf(b, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range results {
		name := bench.SizeName(r.Size)
		if r.Error != "" {
			fmt.Fprintf(b, "| %s | %s | error: %s | | | | | | | |\n", name, r.Client, strings.ReplaceAll(r.Error, "|", "/"))
			continue
		}
		allocs, bytes := fmt.Sprintf("%.1f", r.Allocs), fmt.Sprintf("%.0f", r.AllocBytes)
		if r.AllocsNA {
			allocs, bytes = "–", "–"
		}
		thr, lat := "", ""
		if refR, ok := find(results, ref, r.Size); ok {
			t, l := ratios(r, refR)
			thr, lat = fmt.Sprintf("%.2f", t), fmt.Sprintf("%.2f", l)
			if refR.P50Micros == 0 || r.P50Micros == 0 {
				lat = "–" // below the timer's resolution (Firefox, WebKit: 1 ms)
			}
		}
		fmt.Fprintf(b, "| %s | %s | %.0f | %.1f | %s | %s | %s | %s | %s | %s |\n",
			name, r.Client, r.MsgsPerSec, r.MBPerSec, dur(r.P50Micros), dur(r.P99Micros), allocs, bytes, thr, lat)
	}
}

// dur renders microseconds.
func dur(us float64) string {
	if us >= 1000 {
		return fmt.Sprintf("%.2f ms", us/1000)
	}
	return fmt.Sprintf("%.0f µs", us)
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
