package bench

import "slices"

// ThroughputRatio is r's throughput as a multiple of ref's. When both have
// the same number of throughput slices, slice i of each having run in the
// same round (Run interleaves the clients so, and so does the browser
// driver), it is the median of the per-round ratios: drift on the machine
// that slows one round slows both sides of its ratio, and a round disturbed
// for one client only (a garbage collection of the page, another process
// taking the CPU) moves the median little, where it would move a ratio of
// totals. Otherwise it is the ratio of r's and ref's msgs/s over all their
// slices. It is 0 if ref measured nothing.
func ThroughputRatio(r, ref Result) float64 {
	n := len(r.SliceRates)
	if n > 0 && n == len(ref.SliceRates) {
		per := make([]float64, 0, n)
		for i, rate := range r.SliceRates {
			if ref.SliceRates[i] > 0 {
				per = append(per, rate/ref.SliceRates[i])
			}
		}
		if len(per) == n {
			return median(per)
		}
	}
	if ref.MsgsPerSec > 0 {
		return r.MsgsPerSec / ref.MsgsPerSec
	}
	return 0
}

// median returns the median of xs, which must not be empty: the mean of the
// middle two when their number is even. It sorts xs.
func median(xs []float64) float64 {
	slices.Sort(xs)
	m := len(xs) / 2
	if len(xs)%2 == 0 {
		return (xs[m-1] + xs[m]) / 2
	}
	return xs[m]
}
