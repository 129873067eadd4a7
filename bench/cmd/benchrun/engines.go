//go:build !js

package main

import (
	"context"
	"net/url"
	"os"
	"path/filepath"

	"github.com/wasmws/wasmws/internal/tools/bench"
	"github.com/wasmws/wasmws/internal/tools/browser"
)

// engineRun is the browser section's table for one engine other than
// Chromium.
type engineRun struct {
	Engine  string         `json:"engine"`
	Version string         `json:"version,omitempty"`
	Results []bench.Result `json:"results"`
	Error   string         `json:"error,omitempty"`
}

// otherEngines are measured after Chromium, each in a section of its own
// (browser-firefox, browser-webkit), with the browser section's plan.
var otherEngines = []string{browser.Firefox, browser.WebKit}

// engineSection returns the section that measures the browser clients in
// engine: the same page and plan as Chromium's, driven through the agent.
func (d *driver) engineSection(engine string) section {
	return section{"browser-" + engine, func(ctx context.Context) error {
		run := engineRun{Engine: engine}
		err := d.runEngine(ctx, engine, &run)
		if err != nil {
			run.Error = firstLine(err.Error())
		}
		d.report.Engines = append(d.report.Engines, run)
		return err
	}}
}

func (d *driver) runEngine(ctx context.Context, engine string, run *engineRun) error {
	plan := d.withSizes(browserPlan(d.cfg.quick))
	d.report.BrowserPlan = d.describeBrowserPlan(plan)
	d.progress.show("building internal/tools/benchwasm for GOOS=js")
	if err := goBuildBenchwasm(d); err != nil {
		return err
	}
	p := &jsPage{d: d, impls: []string{clientJS}}
	if d.report.WasmwsPending == "" {
		p.impls = append(p.impls, clientWasmws, clientRWS)
	}
	a, err := startAgent(func(line string) { p.console("log", line) })
	if err != nil {
		return err
	}
	b, err := browser.Start(ctx, engine, nil)
	if err != nil {
		a.close()
		return err
	}
	page, err := b.Open(ctx, d.pageURL+"?agent="+url.QueryEscape(a.url))
	if err != nil {
		a.close()
		b.Close()
		return err
	}
	p.call = func(ctx context.Context, fn string, arg, out any) error { return a.call(ctx, b.Done(), fn, arg, out) }
	p.cancel = func() {
		a.close()
		page.Close(context.Background())
		b.Close()
	}
	defer p.close()
	var ua string
	if err := p.call(ctx, "userAgent", nil, &ua); err == nil {
		run.Version = ua
	}
	run.Results, err = p.measure(ctx, plan)
	return err
}

// goBuildBenchwasm builds the Go wasm program into the served directory,
// unless the browser section did already.
func goBuildBenchwasm(d *driver) error {
	out := filepath.Join(d.web, "benchwasm.wasm")
	if _, err := os.Stat(out); err == nil {
		return nil
	}
	return goBuild(jsEnv, out, "./internal/tools/benchwasm")
}

// engineTitle is an engine's name as a heading shows it.
func engineTitle(engine string) string {
	switch engine {
	case browser.Firefox:
		return "Firefox"
	case browser.WebKit:
		return "WebKit"
	}
	return engine
}
