//go:build !js

package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// profileIntervalMicros is the sampling interval of the browser CPU profile.
const profileIntervalMicros = 100

// profileTop is how many functions the profile summary lists.
const profileTop = 25

// profiled runs f under the V8 CPU profiler of the page when -cpuprofile is
// set: it writes DIR/NAME.cpuprofile (open it in Chromium's DevTools,
// Performance panel) and prints the functions with the most self time.
func (p *jsPage) profiled(name string, f func() error) error {
	dir := p.d.cfg.cpuprofile
	if dir == "" {
		return f()
	}
	_, err := chromedp.Call(p.ctx, profiler.Enable, cdp.Empty{})
	if err == nil {
		_, err = chromedp.Call(p.ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: profileIntervalMicros})
	}
	if err == nil {
		_, err = chromedp.Call(p.ctx, profiler.Start, cdp.Empty{})
	}
	if err != nil {
		return fmt.Errorf("starting the CPU profiler: %w", err)
	}
	ferr := f()
	res, err := chromedp.Call(p.ctx, profiler.Stop, cdp.Empty{})
	prof := res.Profile
	if ferr != nil {
		return ferr
	}
	if err != nil {
		return fmt.Errorf("stopping the CPU profiler: %w", err)
	}
	if prof == nil {
		return errors.New("the CPU profiler returned no profile")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	file := filepath.Join(dir, fileName(name)+".cpuprofile")
	b, err := json.Marshal(prof)
	if err != nil {
		return err
	}
	if err := os.WriteFile(file, b, 0o644); err != nil {
		return err
	}
	p.d.progress.done()
	fmt.Fprintf(os.Stderr, "benchrun: CPU profile of %s in %s\n", name, file)
	writeProfileSummary(os.Stderr, prof)
	return nil
}

// fileName turns a section name into a file name.
func fileName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '_'
	}, s)
}

// writeProfileSummary prints self time by function, and by kind: Go code
// in the wasm module, the JavaScript of each script, and the profiler's own
// categories ((idle), (program): the browser's native code, (garbage
// collector): V8's).
func writeProfileSummary(w io.Writer, prof *profiler.Profile) {
	self := map[string]int64{}
	kinds := map[string]int64{}
	var total int64
	for _, n := range prof.Nodes {
		if n.HitCount == 0 || n.CallFrame == nil {
			continue
		}
		fn, script := n.CallFrame.FunctionName, n.CallFrame.URL
		kind := "JS " + path.Base(script)
		switch {
		case strings.HasPrefix(script, "wasm://"):
			kind = "wasm (Go)"
		case script == "":
			kind = fn
		}
		if fn == "" {
			fn = "(anonymous)"
		}
		if script != "" && !strings.HasPrefix(script, "wasm://") {
			fn += " " + path.Base(script) + ":" + fmt.Sprint(n.CallFrame.LineNumber+1)
		}
		self[fn] += n.HitCount
		kinds[kind] += n.HitCount
		total += n.HitCount
	}
	if total == 0 {
		return
	}
	list := func(title string, m map[string]int64, top int) {
		type entry struct {
			name string
			hits int64
		}
		var list []entry
		for k, v := range m {
			list = append(list, entry{k, v})
		}
		slices.SortFunc(list, func(a, b entry) int { return cmp.Compare(b.hits, a.hits) })
		fmt.Fprintf(w, "  %s (self time, %% of %d samples):\n", title, total)
		for i, e := range list {
			if i == top {
				break
			}
			fmt.Fprintf(w, "    %5.1f%%  %s\n", 100*float64(e.hits)/float64(total), e.name)
		}
	}
	list("by kind", kinds, len(kinds))
	list("by function", self, profileTop)
}
