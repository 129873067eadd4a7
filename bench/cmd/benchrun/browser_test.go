//go:build !js

package main

import "testing"

// TestParseStep: the progress lines of bench.js and benchwasm give the
// step, the total of the call that printed them, and what is measured.
func TestParseStep(t *testing.T) {
	t.Parallel()
	i, total, what, ok := parseStep("benchwasm: [3/10] sdk.Conn (wasm) 64 KiB (round 1 of 1)")
	if !ok || i != 3 || total != 10 || what != "sdk.Conn (wasm) 64 KiB (round 1 of 1)" {
		t.Errorf("parseStep = %d, %d, %q, %v", i, total, what, ok)
	}
	for _, line := range []string{"no step here", "[x/3] what", "[3/x] what", "[3] what"} {
		if _, _, _, ok := parseStep(line); ok {
			t.Errorf("parseStep(%q) ok, want not", line)
		}
	}
}
