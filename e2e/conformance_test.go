//go:build !js

package e2e

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"testing"
)

// TestConformance runs every case of testdata/conformance.js against the
// browser's own WebSocket and against wasmws.WebSocket, on the same page and
// server, and fails on any difference between their traces. Each case runs
// with the browser's class first, then with wasmws's, one after the other.
func TestConformance(t *testing.T) {
	p := testPage(t)
	names := eval[[]string](p, "window.e2e.conformance.names")
	if len(names) == 0 {
		t.Fatal("no conformance cases")
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			run := func(which string) []any {
				return eval[[]any](p, "window.e2e.conformance.run("+strconv.Quote(name)+", "+strconv.Quote(which)+")")
			}
			want := run("native")
			got := run("wasmws")
			if len(want) == 0 {
				t.Fatalf("the browser's WebSocket left an empty trace")
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("wasmws.WebSocket differs from the browser's WebSocket:\n%s", diffTraces(want, got))
			}
		})
	}
}

// diffTraces shows the entries of two traces that differ, by index, at most
// maxDiffs of them.
func diffTraces(want, got []any) string {
	const maxDiffs = 12
	var s string
	n := 0
	for i := range max(len(want), len(got)) {
		var w, g any = "(none)", "(none)"
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if reflect.DeepEqual(w, g) {
			continue
		}
		if n++; n > maxDiffs {
			s += "...\n"
			break
		}
		wj, _ := json.Marshal(w)
		gj, _ := json.Marshal(g)
		s += fmt.Sprintf("[%d] browser: %s\n[%d] wasmws:  %s\n", i, wj, i, gj)
	}
	return s
}
