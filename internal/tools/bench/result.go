package bench

import (
	"slices"
	"time"
)

// Result is what one client measured at one size, over every slice. It is
// the unit of results.json.
type Result struct {
	Client string `json:"client"`
	Size   int    `json:"size"` // bytes per message

	Messages   int64   `json:"messages"`            // echoed in the throughput slices
	Seconds    float64 `json:"seconds"`             // spent in the throughput slices
	MsgsPerSec float64 `json:"msgs_per_sec"`        // Messages / Seconds
	MBPerSec   float64 `json:"mb_per_sec"`          // payload, 10^6 bytes per second, one direction
	Rounds     int     `json:"rounds"`              // round trips timed
	P50Micros  float64 `json:"p50_us"`              // median round trip, microseconds
	P99Micros  float64 `json:"p99_us"`              // 99th percentile round trip
	Allocs     float64 `json:"allocs_per_msg"`      // heap allocations per echoed message, whole process
	AllocBytes float64 `json:"bytes_per_msg"`       // heap bytes allocated per echoed message
	AllocsNA   bool    `json:"allocs_na,omitempty"` // no allocation figures (JavaScript clients)

	// SliceRates is the msgs/s of each throughput slice, in the order they
	// ran: slice i of every client at this size ran in the same round (see
	// ThroughputRatio).
	SliceRates []float64 `json:"slice_msgs_per_sec,omitempty"`

	Error string `json:"error,omitempty"` // why it could not be measured
}

// Raw is what one client measured at one size, before statistics: the sum
// of its throughput slices and every round trip. Raws of the same client and
// size, from separate runs, merge. The zero value is empty and ready; a Raw
// is not safe for concurrent use.
type Raw struct {
	Client     string  `json:"client"`
	Size       int     `json:"size"`
	Messages   int64   `json:"messages"`
	Nanos      int64   `json:"nanos"`   // time spent in throughput slices
	Mallocs    uint64  `json:"mallocs"` // heap allocations during those slices
	AllocBytes uint64  `json:"alloc_bytes"`
	AllocsNA   bool    `json:"allocs_na,omitempty"`
	RTTs       []int64 `json:"rtts"`             // round trips, nanoseconds
	Slices     []Slice `json:"slices,omitempty"` // each throughput slice, in order
	Error      string  `json:"error,omitempty"`
}

// Slice is one throughput slice: the messages echoed in it and its length.
type Slice struct {
	Messages int64 `json:"messages"`
	Nanos    int64 `json:"nanos"`
}

func (a *Raw) addThroughput(n int64, d time.Duration, mallocs, allocated uint64) {
	a.Messages += n
	a.Nanos += d.Nanoseconds()
	a.Slices = append(a.Slices, Slice{Messages: n, Nanos: d.Nanoseconds()})
	a.Mallocs += mallocs
	a.AllocBytes += allocated
}

func (a *Raw) addLatencies(rtts []time.Duration) {
	for _, d := range rtts {
		a.RTTs = append(a.RTTs, d.Nanoseconds())
	}
}

// Fail records the first error that stopped a measurement.
func (a *Raw) Fail(err error) {
	if a.Error == "" {
		a.Error = err.Error()
	}
}

// Failed reports whether Fail was called.
func (a *Raw) Failed() bool { return a.Error != "" }

// Merge adds b, a measurement of the same client and size, to a.
func (a *Raw) Merge(b Raw) {
	a.Client, a.Size = b.Client, b.Size
	a.Messages += b.Messages
	a.Nanos += b.Nanos
	a.Mallocs += b.Mallocs
	a.AllocBytes += b.AllocBytes
	a.AllocsNA = a.AllocsNA || b.AllocsNA
	a.RTTs = append(a.RTTs, b.RTTs...)
	a.Slices = append(a.Slices, b.Slices...)
	if a.Error == "" {
		a.Error = b.Error
	}
}

// Result returns the figures of what was measured.
func (a *Raw) Result() Result {
	r := Result{Client: a.Client, Size: a.Size, Messages: a.Messages, Seconds: float64(a.Nanos) / 1e9,
		Rounds: len(a.RTTs), AllocsNA: a.AllocsNA, Error: a.Error}
	if a.Messages > 0 && a.Nanos > 0 {
		r.MsgsPerSec = float64(a.Messages) / r.Seconds
		r.MBPerSec = r.MsgsPerSec * float64(a.Size) / 1e6
		if !a.AllocsNA {
			r.Allocs = float64(a.Mallocs) / float64(a.Messages)
			r.AllocBytes = float64(a.AllocBytes) / float64(a.Messages)
		}
	}
	for _, sl := range a.Slices {
		rate := 0.0
		if sl.Nanos > 0 {
			rate = float64(sl.Messages) / (float64(sl.Nanos) / 1e9)
		}
		r.SliceRates = append(r.SliceRates, rate)
	}
	if len(a.RTTs) > 0 {
		s := make([]time.Duration, len(a.RTTs))
		for i, ns := range a.RTTs {
			s[i] = time.Duration(ns)
		}
		slices.Sort(s)
		r.P50Micros = micros(Percentile(s, 50))
		r.P99Micros = micros(Percentile(s, 99))
	}
	return r
}

// MergeAll merges raws of the same client and size, keeping the order in
// which each pair first appears, and returns their Results.
func MergeAll(raws []Raw) []Result {
	type key struct {
		client string
		size   int
	}
	var order []key
	merged := map[key]*Raw{}
	for _, r := range raws {
		k := key{r.Client, r.Size}
		if merged[k] == nil {
			merged[k] = &Raw{}
			order = append(order, k)
		}
		merged[k].Merge(r)
	}
	out := make([]Result, len(order))
	for i, k := range order {
		out[i] = merged[k].Result()
	}
	return out
}

// Percentile returns the p-th percentile (nearest rank) of sorted, which must
// not be empty.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	i := int(float64(len(sorted))*p/100+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func micros(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }
