//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/wasmws/wasmws/internal/tools/bench"
	"github.com/wasmws/wasmws/internal/tools/browser"
)

// Client names of the JavaScript implementations (see page/bench.js).
const (
	clientJS     = "WebSocket (JS)"
	clientWasmws = "wasmws.WebSocket"
	clientRWS    = "wasmws.ReconnectingWebSocket"
)

// browserPlan is how much the browser section measures: for each of its
// rounds, at each size, every JavaScript client and every Go wasm client.
// Seven rounds of 400 ms slices, after a warm-up round (see measure): a
// client's slice and the reference's slice of one round are hardly
// correlated (bench/README.md), so a ratio's precision comes from the
// number of rounds averaged (bench.ThroughputRatio), not from their
// pairing; 400 ms slices measured no noisier than 500 ms ones. Every call
// starts a fresh Go instance (a fresh heap) and opens fresh sockets, so each
// client first runs an untimed warm-up slice, JavaScript as Go.
func browserPlan(quick bool) bench.Plan {
	if quick {
		return bench.Plan{Sizes: bench.Sizes, Reps: 1, Throughput: 150 * time.Millisecond, Latency: 100 * time.Millisecond, MaxRounds: 2000, Warm: 25 * time.Millisecond}
	}
	return bench.Plan{Sizes: bench.Sizes, Reps: 7, Throughput: 400 * time.Millisecond, Latency: 100 * time.Millisecond, MaxRounds: 20000, Warm: 100 * time.Millisecond}
}

// runBrowser measures the JavaScript clients and the Go wasm clients in one
// page of one headless Chromium, against the server (see measure).
func (d *driver) runBrowser(ctx context.Context) error {
	plan := d.withSizes(browserPlan(d.cfg.quick))
	d.report.BrowserPlan = d.describeBrowserPlan(plan)

	d.progress.show("building internal/tools/benchwasm for GOOS=js")
	if err := goBuildBenchwasm(d); err != nil {
		return err
	}
	page, err := d.openPage(ctx)
	if err != nil {
		return err
	}
	defer page.close()
	d.report.Browser, err = page.measure(ctx, plan)
	return err
}

// measure runs plan in the page and returns the results, sizes outer, in
// the order of the table's rows. Each round measures every size in turn; at
// each size the JavaScript clients run one slice each, then the Go wasm
// program runs one for each of its clients (a fresh instance of the
// compiled module: bench.js compiles it once), or the other way round in
// every other round. So slice i of every client at a size ran in round i,
// within seconds of the others, and the ratios pair them
// (bench.ThroughputRatio).
//
// A warm-up round, run like the others, comes first and is not counted: in
// Chromium the Go clients' ratios were lower in the first two rounds than
// in the later ones (sdk.Conn by 0.08–0.22 in log, in two runs of 8 and 10
// rounds), likely while V8 still optimises the module's hot functions; in
// Firefox no such trend showed. It takes out most of it, not all
// (bench/README.md).
func (p *jsPage) measure(ctx context.Context, plan bench.Plan) ([]bench.Result, error) {
	var js, goWasm []bench.Raw
	// Round 0 is the warm-up round, whose results are dropped; a quick run
	// has none.
	first := 0
	if p.d.cfg.quick {
		first = 1
	}
	for rep := first; rep <= plan.Reps; rep++ {
		keep := func(dst *[]bench.Raw, raws []bench.Raw) {
			if rep > 0 {
				*dst = append(*dst, raws...)
			}
		}
		for _, size := range plan.Sizes {
			round := plan
			round.Reps, round.Sizes = 1, []int{size}
			halves := []func() error{
				func() error {
					name := fmt.Sprintf("browser JS %s %s", roundName(rep, plan.Reps), bench.SizeName(size))
					return p.profiled(name, func() error {
						raws, err := p.run(ctx, round, name)
						keep(&js, raws)
						return err
					})
				},
				func() error {
					name := fmt.Sprintf("browser Go %s %s", roundName(rep, plan.Reps), bench.SizeName(size))
					return p.profiled(name, func() error {
						raws, err := p.runGo(ctx, round, name, reverseGo(rep))
						keep(&goWasm, raws)
						return err
					})
				},
			}
			if rep%2 == 0 {
				halves[0], halves[1] = halves[1], halves[0]
			}
			for _, half := range halves {
				if err := half(); err != nil {
					return nil, err
				}
			}
		}
	}
	// One table, sizes outer, in the order of the columns.
	jsR, goR := bench.MergeAll(js), bench.MergeAll(goWasm)
	var out []bench.Result
	for _, size := range plan.Sizes {
		for _, list := range [][]bench.Result{jsR, goR} {
			for _, r := range list {
				if r.Size == size {
					out = append(out, r)
				}
			}
		}
	}
	return out, resultsErr(out)
}

// reverseGo reports whether round rep measures the Go wasm clients in
// reverse order: in rounds 2, 3, 6, 7, …, so that over the rounds each
// order meets each order of the halves (JavaScript or Go first) and no Go
// client always runs first or last in its instance (see
// internal/tools/benchwasm's -reverse).
func reverseGo(rep int) bool { return rep/2%2 == 1 }

// describeBrowserPlan is describePlan for the browser sections, which run
// a warm-up round first unless quick (see measure).
func (d *driver) describeBrowserPlan(plan bench.Plan) string {
	if d.cfg.quick {
		return describePlan(plan)
	}
	return "an untimed warm-up round, then " + describePlan(plan)
}

// roundName names round rep of reps in the progress lines: 0 is the
// warm-up round.
func roundName(rep, reps int) string {
	if rep == 0 {
		return "warm-up"
	}
	return fmt.Sprintf("%d/%d", rep, reps)
}

// jsPage is the benchmark page (page/bench.html) open in a headless
// browser.
type jsPage struct {
	d      *driver
	ctx    context.Context // chromedp's, for the tab; nil in other engines
	cancel context.CancelFunc
	// call runs the page's function fn with arg (as JSON) and decodes what
	// it resolves into out: through chromedp in Chromium, else the agent.
	call    func(ctx context.Context, fn string, arg, out any) error
	impls   []string
	mu      sync.Mutex
	section string // of the progress lines the page logs
}

// openPage starts Chromium and loads the page.
func (d *driver) openPage(ctx context.Context) (*jsPage, error) {
	p := &jsPage{d: d, impls: []string{clientJS}}
	if d.report.WasmwsPending == "" {
		p.impls = append(p.impls, clientWasmws, clientRWS)
	}
	bctx, cancel, err := browser.New(ctx, &browser.Options{Console: p.console})
	if err != nil {
		return nil, err
	}
	p.ctx, p.cancel = bctx, cancel
	p.call = func(ctx context.Context, fn string, arg, out any) error {
		js, _ := json.Marshal(arg)
		raw, err := chromedp.Run(bctx, chromedp.Evaluate[[]byte](fn+"("+string(js)+")", chromedp.EvalAwaitPromise))
		if err != nil {
			return err
		}
		return json.Unmarshal(raw, out)
	}
	err = chromedp.Do(bctx,
		chromedp.Navigate(d.pageURL),
		chromedp.Poll[chromedp.Void](`globalThis.benchReady === true`, chromedp.WithPollingTimeout(30*time.Second)),
	)
	if err == nil {
		// chromedp enables the Network domain, which makes Chromium copy
		// every WebSocket frame, base64-encoded, into a DevTools event: with
		// 1 MiB messages that costs more than the WebSocket itself.
		_, err = chromedp.Call(bctx, network.Disable, cdp.Empty{})
	}
	if err != nil {
		cancel()
		return nil, fmt.Errorf("loading the benchmark page: %w", err)
	}
	return p, nil
}

// console shows the page's progress lines, and anything it says otherwise.
func (p *jsPage) console(kind, text string) {
	p.mu.Lock()
	section := p.section
	p.mu.Unlock()
	if i, total, what, ok := parseStep(text); ok {
		p.d.progress.step(section, i, total, what)
	} else if kind != "log" {
		p.d.progress.show("page " + kind + ": " + firstLine(text))
	}
}

// run runs runBench of page/bench.js with plan.
func (p *jsPage) run(ctx context.Context, plan bench.Plan, section string) ([]bench.Raw, error) {
	p.mu.Lock()
	p.section = section
	p.mu.Unlock()
	arg := map[string]any{
		"url":          p.d.echoURL,
		"sizes":        plan.Sizes,
		"reps":         plan.Reps,
		"throughputMs": plan.Throughput.Milliseconds(),
		"latencyMs":    plan.Latency.Milliseconds(),
		"maxRounds":    plan.MaxRounds,
		"warmMs":       plan.Warm.Milliseconds(),
		"impls":        p.impls,
	}
	var raws []bench.Raw
	if err := p.call(ctx, "runBench", arg, &raws); err != nil {
		return nil, fmt.Errorf("the JavaScript benchmark: %w", err)
	}
	return raws, nil
}

func (p *jsPage) close() { p.cancel() }

// parseStep recognises a progress line of bench.js or benchwasm:
// "...: [3/16] what" gives 3, 16 and what.
func parseStep(line string) (i, total int, what string, ok bool) {
	_, rest, ok := strings.Cut(line, "[")
	if !ok {
		return 0, 0, "", false
	}
	frac, what, ok := strings.Cut(rest, "] ")
	num, tot, ok2 := strings.Cut(frac, "/")
	i, err := strconv.Atoi(num)
	total, err2 := strconv.Atoi(tot)
	return i, total, what, ok && ok2 && err == nil && err2 == nil
}

// runGo runs internal/tools/benchwasm (built into the served directory) in the
// page with plan, and returns what it measured.
func (p *jsPage) runGo(ctx context.Context, plan bench.Plan, section string, reverse bool) ([]bench.Raw, error) {
	p.mu.Lock()
	p.section = section
	p.mu.Unlock()
	sizes := make([]string, len(plan.Sizes))
	for i, s := range plan.Sizes {
		sizes[i] = strconv.Itoa(s)
	}
	argv := []string{"benchwasm", "-reps", strconv.Itoa(plan.Reps), "-throughput", plan.Throughput.String(),
		"-latency", plan.Latency.String(), "-warm", plan.Warm.String(), "-sizes", strings.Join(sizes, ",")}
	if p.d.cfg.goClient != "" {
		argv = append(argv, "-client", p.d.cfg.goClient)
	}
	if reverse {
		argv = append(argv, "-reverse")
	}
	arg := map[string]any{
		"wasm": "benchwasm.wasm",
		"argv": argv,
		"env":  map[string]string{"WASMWS_ECHO_URL": p.d.echoURL},
	}
	type exit struct {
		Code int
		Out  string
	}
	var res exit
	if err := p.call(ctx, "runGo", arg, &res); err != nil {
		return nil, fmt.Errorf("running benchwasm in the page: %w", err)
	}
	if res.Code != 0 {
		return nil, fmt.Errorf("benchwasm exited with code %d (its stderr is in the progress lines)", res.Code)
	}
	var out struct{ Raw []bench.Raw }
	if err := json.Unmarshal([]byte(res.Out), &out); err != nil {
		return nil, fmt.Errorf("benchwasm output: %w", err)
	}
	return out.Raw, nil
}
