package bench

import (
	"math"
	"slices"
	"testing"
	"time"
)

func TestSizeName(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{16: "16 B", 1000: "1000 B", 1 << 10: "1 KiB", 64 << 10: "64 KiB", 1 << 20: "1 MiB"} {
		if got := SizeName(n); got != want {
			t.Errorf("SizeName(%d) = %q want %q", n, got, want)
		}
	}
}

func TestWindow(t *testing.T) {
	t.Parallel()
	for size, want := range map[int]int{16: 64, 64 << 10: 64, 1 << 20: 4, 8 << 20: 1} {
		if got := Window(size); got != want {
			t.Errorf("Window(%d) = %d want %d", size, got, want)
		}
	}
}

// TestMergeAll: raws of one client and size add up; percentiles come from
// every round trip; the order of first appearance is kept.
func TestMergeAll(t *testing.T) {
	t.Parallel()
	ms := func(n int64) int64 { return n * int64(time.Millisecond) }
	raws := []Raw{
		{Client: "a", Size: 16, Messages: 100, Nanos: ms(500), Mallocs: 200, AllocBytes: 1600, RTTs: []int64{ms(1), ms(3)}},
		{Client: "b", Size: 16, Messages: 10, Nanos: ms(1000), AllocsNA: true, RTTs: []int64{ms(5)}},
		{Client: "a", Size: 16, Messages: 100, Nanos: ms(500), Mallocs: 200, AllocBytes: 1600, RTTs: []int64{ms(2), ms(4)}},
	}
	got := MergeAll(raws)
	if len(got) != 2 || got[0].Client != "a" || got[1].Client != "b" {
		t.Fatalf("MergeAll = %+v, want a then b", got)
	}
	a := got[0]
	if a.Messages != 200 || a.MsgsPerSec != 200 || a.MBPerSec != 200*16/1e6 || a.Allocs != 2 || a.AllocBytes != 16 ||
		a.Rounds != 4 || a.P50Micros != 2000 || a.P99Micros != 4000 {
		t.Errorf("merged a = %+v", a)
	}
	if b := got[1]; b.Allocs != 0 || !b.AllocsNA || b.P50Micros != 5000 {
		t.Errorf("b = %+v", b)
	}
}

// TestMergeAllSlices: each throughput slice is kept, in order, and its
// rate is reported.
func TestMergeAllSlices(t *testing.T) {
	t.Parallel()
	ms := func(n int64) int64 { return n * int64(time.Millisecond) }
	raws := []Raw{
		{Client: "a", Size: 16, Messages: 100, Nanos: ms(500), Slices: []Slice{{100, ms(500)}}},
		{Client: "a", Size: 16, Messages: 300, Nanos: ms(1000), Slices: []Slice{{300, ms(1000)}}},
	}
	got := MergeAll(raws)
	if len(got) != 1 || !slices.Equal(got[0].SliceRates, []float64{200, 300}) {
		t.Fatalf("MergeAll = %+v, want slice rates 200, 300", got)
	}
}

// TestThroughputRatio: the trimmed geometric mean of per-round ratios when
// the slices pair, so one disturbed round does not move it; the ratio of
// totals when they do not.
func TestThroughputRatio(t *testing.T) {
	t.Parallel()
	ref := Result{MsgsPerSec: 100, SliceRates: []float64{100, 100, 100, 100}}
	for _, tc := range []struct {
		name string
		r    Result
		want float64
	}{
		{"one round disturbed", Result{MsgsPerSec: 70, SliceRates: []float64{90, 10, 90, 90}}, 0.9},
		{"four rounds: geometric mean of the middle two", Result{MsgsPerSec: 75, SliceRates: []float64{60, 80, 90, 50}}, math.Sqrt(0.6 * 0.8)},
		{"slices do not pair", Result{MsgsPerSec: 50, SliceRates: []float64{50}}, 0.5},
		{"no slices", Result{MsgsPerSec: 120}, 1.2},
	} {
		if got := ThroughputRatio(tc.r, ref); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: ThroughputRatio = %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := ThroughputRatio(Result{MsgsPerSec: 5}, Result{}); got != 0 {
		t.Errorf("against nothing measured: %v, want 0", got)
	}
	// A reference slice that measured nothing: the ratio of totals.
	if got := ThroughputRatio(Result{MsgsPerSec: 50, SliceRates: []float64{50, 50}}, Result{MsgsPerSec: 100, SliceRates: []float64{0, 200}}); got != 0.5 {
		t.Errorf("with an empty reference slice: %v, want 0.5", got)
	}
}

// TestTrimmedGeoMean: the extremes are dropped from three values on, and
// what remains is averaged in logarithms (0.5 and 2 cancel).
func TestTrimmedGeoMean(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		xs   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{4}, 4},
		{[]float64{0.5, 2}, 1},
		{[]float64{9, 1, 100}, 9},
		{[]float64{100, 0.5, 2, 0.01, 1, 1, 1, 1}, 1},
	} {
		if got := TrimmedGeoMean(tc.xs); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("TrimmedGeoMean(%v) = %v, want %v", tc.xs, got, tc.want)
		}
	}
}
