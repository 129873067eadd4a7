package reconnect

import (
	"math"
	"time"
)

// backoff computes the wait before an attempt from the number of consecutive
// failed attempts; see "Backoff" in the package documentation. It is a pure
// function of its fields and its argument: rand is the only source of
// randomness, so tests inject it.
type backoff struct {
	min, max time.Duration
	factor   float64
	jitter   float64        // 0..1
	rand     func() float64 // uniform in [0, 1)
}

// ceiling returns the delay after n ≥ 1 consecutive failed attempts without
// jitter: min(max, min·factor^(n−1)). A smaller n counts as 1.
func (b backoff) ceiling(n int) time.Duration {
	if n < 1 {
		n = 1
	}
	d := float64(b.min) * math.Pow(b.factor, float64(n-1))
	if math.IsNaN(d) || d >= float64(b.max) {
		return b.max
	}
	return max(b.min, time.Duration(d))
}

// delay returns the wait after n consecutive failed attempts: uniform in
// [max(min, c·(1−jitter)), c] where c is ceiling(n).
func (b backoff) delay(n int) time.Duration {
	c := b.ceiling(n)
	lo := max(b.min, time.Duration(float64(c)*(1-b.jitter)))
	if lo >= c {
		return c
	}
	r := b.rand()
	if r < 0 || r >= 1 {
		r = 0
	}
	return min(c, lo+time.Duration(r*float64(c-lo)))
}
