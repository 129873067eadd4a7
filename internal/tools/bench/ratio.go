package bench

import (
	"math"
	"slices"
)

// ThroughputRatio is r's throughput as a multiple of ref's. When both have
// the same number of throughput slices, slice i of each having run in the
// same round (Run interleaves the clients so, and so does the browser
// driver), it is the trimmed geometric mean of the per-round ratios
// (TrimmedGeoMean): the lowest and the highest round are dropped, so that
// one round disturbed for one client only (a garbage collection of the
// page, another process taking the CPU) does not move it, and the rest are
// averaged, which uses every other round where a median uses one or two.
// Otherwise it is the ratio of r's and ref's msgs/s over all their slices.
// It is 0 if ref measured nothing.
func ThroughputRatio(r, ref Result) float64 {
	n := len(r.SliceRates)
	if n > 0 && n == len(ref.SliceRates) {
		per := make([]float64, 0, n)
		for i, rate := range r.SliceRates {
			if ref.SliceRates[i] > 0 && rate > 0 {
				per = append(per, rate/ref.SliceRates[i])
			}
		}
		if len(per) == n {
			return TrimmedGeoMean(per)
		}
	}
	if ref.MsgsPerSec > 0 {
		return r.MsgsPerSec / ref.MsgsPerSec
	}
	return 0
}

// TrimmedGeoMean is the geometric mean of xs, all positive, without their
// lowest and highest value when there are three or more: the median of
// three, the geometric mean of the middle two of four, of the middle six of
// eight. It is 0 for no xs. It sorts xs.
//
// Ratios are averaged in logarithms so that 0.5× and 2× cancel. On the
// browser section's slices (bench/README.md), where a client's slice and
// the reference's slice of one round are hardly correlated, resampling the
// rounds of one run moved it over 7 rounds 1.33–1.47 times less than the
// median of 4 per-round ratios.
func TrimmedGeoMean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	if len(xs) >= 3 {
		xs = xs[1 : len(xs)-1]
	}
	var sum float64
	for _, x := range xs {
		sum += math.Log(x)
	}
	return math.Exp(sum / float64(len(xs)))
}
