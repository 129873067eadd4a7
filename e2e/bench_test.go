//go:build !js

package e2e

import (
	"fmt"
	"slices"
	"testing"
)

// benchSizes are the message sizes of BenchmarkEcho and the number of
// messages echoed per class and round at each.
var benchSizes = []struct {
	name        string
	size, count int
	window      int
}{
	{"16B", 16, 5000, 32},
	{"1KiB", 1 << 10, 5000, 32},
	{"64KiB", 64 << 10, 1000, 16},
	{"1MiB", 1 << 20, 100, 4},
}

// benchTotal is what bench.js returns for one class.
type benchTotal struct {
	Messages, Bytes int
	MS              float64
	Runs            []float64 // milliseconds of each round
}

// medianRatio returns the median over the rounds of base's time divided by
// t's: t's throughput relative to base's, robust to rounds that a busy
// machine slowed down.
func medianRatio(t, base benchTotal) float64 {
	var r []float64
	for i := range min(len(t.Runs), len(base.Runs)) {
		r = append(r, base.Runs[i]/t.Runs[i])
	}
	if len(r) == 0 {
		return 0
	}
	slices.Sort(r)
	if len(r)%2 == 1 {
		return r[len(r)/2]
	}
	return (r[len(r)/2-1] + r[len(r)/2]) / 2
}

// BenchmarkEcho measures the echo throughput of wasmws.WebSocket and
// wasmws.ReconnectingWebSocket against the browser's own WebSocket, on the
// same page and server, one after the other in alternating order; each b.N
// is one round of every class. It reports each class's MB/s and the ratios
// to the browser's, the median over the rounds of the per-round ratio
// (ratio-wasmws is the target of 0.9 or more). Run it with
//
//	go test -run '^$' -bench Echo -benchtime 5x ./e2e
func BenchmarkEcho(b *testing.B) {
	p := testPage(b)
	for _, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) {
			expr := fmt.Sprintf(`window.e2e.bench({size: %d, count: %d, window: %d, rounds: %d, names: ['browser', 'wasmws', 'reconnecting']})`,
				s.size, s.count, s.window, b.N)
			totals := eval[map[string]benchTotal](p, expr)
			mbps := func(name string) float64 {
				t := totals[name]
				return float64(t.Bytes) / 1e6 / (t.MS / 1e3)
			}
			b.ReportMetric(0, "ns/op")
			for _, name := range []string{"browser", "wasmws", "reconnecting"} {
				b.ReportMetric(mbps(name), name+"-MB/s")
			}
			b.ReportMetric(medianRatio(totals["wasmws"], totals["browser"]), "ratio-wasmws")
			b.ReportMetric(medianRatio(totals["reconnecting"], totals["browser"]), "ratio-reconnecting")
			b.Logf("%s ms per round: browser %.0f, wasmws %.0f, reconnecting %.0f",
				s.name, totals["browser"].Runs, totals["wasmws"].Runs, totals["reconnecting"].Runs)
		})
	}
}
