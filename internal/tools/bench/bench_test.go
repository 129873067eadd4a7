package bench

import (
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
