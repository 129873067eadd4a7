package multinode

import (
	"reflect"
	"testing"
)

// TestTally: the counts the chaos test asserts on are right for each kind
// of fault in the echoed stream.
func TestTally(t *testing.T) {
	t.Parallel()
	const bad = ^uint64(0) // a corrupted echo, as receive keeps it
	testCases := []struct {
		name string
		got  []uint64
		want Report
	}{
		{"clean", []uint64{0, 1, 2, 3}, Report{Sent: 4, Received: 4}},
		{"missing", []uint64{0, 2}, Report{Sent: 4, Received: 2, Missing: 2}},
		{"duplicated", []uint64{0, 1, 1, 2, 3}, Report{Sent: 4, Received: 5, Duplicated: 1, OutOfOrder: 1}},
		{"out of order", []uint64{0, 2, 1, 3}, Report{Sent: 4, Received: 4, OutOfOrder: 1}},
		{"corrupted", []uint64{0, 1, bad, 3}, Report{Sent: 4, Received: 4, Corrupted: 1, Missing: 1}},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tally(tc.got, 4); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("tally(%v) = %+v want %+v", tc.got, got, tc.want)
			}
		})
	}
}

// TestLines: progress and reports survive the trip through a browser's
// standard output; other lines are not taken for either.
func TestLines(t *testing.T) {
	t.Parallel()
	p := Progress{Received: 3350, Node: 2}
	gotP, gotR, ok := ParseLine(trim(ProgressLine(p)))
	if !ok || gotR != nil || gotP == nil || *gotP != p {
		t.Errorf("ParseLine(ProgressLine(%+v)) = %+v, %+v, %v", p, gotP, gotR, ok)
	}
	r := Report{Sent: 10, Received: 9, Missing: 1, Opens: []int{1, 2, 3}, Elapsed: "1s"}
	gotP, gotR, ok = ParseLine(trim(ReportLine(r)))
	if !ok || gotP != nil || gotR == nil || !reflect.DeepEqual(*gotR, r) {
		t.Errorf("ParseLine(ReportLine(%+v)) = %+v, %+v, %v", r, gotP, gotR, ok)
	}
	for _, line := range []string{"", "=== RUN x", "multinode progress {", "multinode report nope"} {
		if _, _, ok := ParseLine(line); ok {
			t.Errorf("ParseLine(%q) ok, want not", line)
		}
	}
}

func trim(line string) string { return line[:len(line)-1] }
