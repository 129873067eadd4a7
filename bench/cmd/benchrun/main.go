//go:build !js

// Command benchrun is the benchmark driver behind `make bench`. It measures,
// against one bundled echo server (`wasmws serve`, in its own process):
//
//   - natively: sdk.Conn, raw coder/websocket and gorilla/websocket,
//     interleaved (see [bench.Plan]);
//   - in one page of headless Chromium: the browser's WebSocket driven by
//     plain JavaScript, wasmws.WebSocket (the JS class of issue 4), and,
//     compiled to wasm (internal/tools/benchwasm), sdk.Conn and coder/websocket's
//     own wasm Conn; then the same page in headless Firefox and WebKit,
//     driven through benchrun's agent (agent.go);
//   - reconnect.Client's reconnect latency, at attempt 1 and under backoff;
//   - resume-mode throughput with the server's sessions in memory and in
//     Redis (a redis-server of its own: resumestore.go);
//   - the wasm size (raw, gzip, brotli) of wasmws.wasm beside a minimal Go
//     program and a coder/websocket client.
//
// It prints the markdown tables on stdout, a progress line on stderr, and
// writes results.json and RESULTS.md into -out. With -quick (or
// BENCH_QUICK=1) it is a smoke run of about a minute whose figures mean
// little.
//
//	go run ./bench/cmd/benchrun [-quick] [-out bench]
//
// Run it from the repository root; it needs Chromium, Firefox and WebKit (see internal/tools/browser)
// and builds what it runs (the CLI for the server, the wasm programs).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchrun:", err)
		os.Exit(1)
	}
}

// config is the command line.
type config struct {
	quick bool
	out   string
	only  string // comma-separated sections, empty: all

	cpuprofile string        // directory for the browser's CPU profiles, empty: none
	sizes      []int         // message sizes, empty: bench.Sizes
	goClient   string        // the Go wasm clients to measure, comma-separated; empty: all
	rounds     int           // rounds of every plan, 0: the plan's own
	slice      time.Duration // throughput slice of every plan, 0: the plan's own
}

func run(ctx context.Context, args []string) error {
	var cfg config
	fs := flag.NewFlagSet("benchrun", flag.ContinueOnError)
	fs.BoolVar(&cfg.quick, "quick", os.Getenv("BENCH_QUICK") != "", "a smoke run of about a minute (default: $BENCH_QUICK set)")
	fs.StringVar(&cfg.out, "out", "bench", "write results.json and RESULTS.md into `dir`")
	fs.StringVar(&cfg.only, "only", "", "run only these `sections`, comma-separated: size, native, native-pinned, browser, browser-firefox, browser-webkit, reconnect, resume, resume-store")
	fs.StringVar(&cfg.cpuprofile, "cpuprofile", "", "profile the browser section with V8's CPU profiler and write its profiles into `dir`")
	fs.Func("sizes", "measure only these message `sizes` in bytes, comma-separated (default: 16,1024,65536,1048576)", func(s string) error {
		for f := range strings.SplitSeq(s, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 0 {
				return fmt.Errorf("bad size %q", f)
			}
			cfg.sizes = append(cfg.sizes, n)
		}
		return nil
	})
	fs.StringVar(&cfg.goClient, "client", "", "in the browser sections, measure only the Go wasm clients of these `names` (as in the tables, or internal/tools/benchwasm's extra clients), comma-separated")
	fs.IntVar(&cfg.rounds, "rounds", 0, "measure `n` rounds in every section instead of its default (for studies of the spread; the tables' defaults are the plans')")
	fs.DurationVar(&cfg.slice, "slice", 0, "measure throughput in slices of `d` in every section instead of its default (for studies of the spread)")
	workerURL := fs.String("native-worker", "", "internal: measure the native clients against `url` (see -worker-plan) and print raw results as JSON")
	workerPlan := fs.String("worker-plan", "", "internal: the bench.Plan of -native-worker, as `JSON`")
	from := fs.String("render", "", "measure nothing: render RESULTS.md again from the results.json at `path`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *workerURL != "" {
		return nativeWorker(ctx, *workerPlan, *workerURL, os.Stdout, os.Stderr)
	}
	if *from != "" {
		return render(*from, cfg.out)
	}
	if _, err := os.Stat("go.mod"); err != nil {
		return fmt.Errorf("run it from the repository root: %w", err)
	}
	start := time.Now()
	work, err := os.MkdirTemp("", "wasmws-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	p := newProgress(os.Stderr)
	defer p.done()
	d := &driver{cfg: cfg, work: work, progress: p, report: newReport(cfg.quick)}
	if err := d.run(ctx); err != nil {
		return err
	}
	p.done()
	d.report.Seconds = time.Since(start).Seconds()
	md := d.report.markdown()
	fmt.Print(md)
	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return err
	}
	if err := d.report.writeJSON(filepath.Join(cfg.out, "results.json")); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(cfg.out, "RESULTS.md"), []byte(md), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "benchrun: wrote %s and %s in %v\n",
		filepath.Join(cfg.out, "results.json"), filepath.Join(cfg.out, "RESULTS.md"), time.Since(start).Round(time.Second))
	return nil
}

// render writes RESULTS.md into out again from a results.json, after a change
// of the template.
func render(from, out string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	var r report
	if err := json.Unmarshal(b, &r); err != nil {
		return fmt.Errorf("%s: %w", from, err)
	}
	return os.WriteFile(filepath.Join(out, "RESULTS.md"), []byte(r.markdown()), 0o644)
}
