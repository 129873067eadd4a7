package reconnect_test

import (
	"slices"
	"testing"
	"time"

	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// BenchmarkResumeCost compares resume mode with plain mode on the bundled
// echo server: throughput (b.N messages pipelined, at most 64 in flight)
// and round-trip latency (p50 of b.N sequential echoes), per size.
//
//	go test -run '^$' -bench ResumeCost ./reconnect
func BenchmarkResumeCost(b *testing.B) {
	for _, size := range []int{1 << 10, 16 << 10, 64 << 10} {
		for _, mode := range []string{"plain", "resume"} {
			opts := &reconnect.Options{Resume: mode == "resume"}
			b.Run("throughput/"+mode+"/"+itoa(size>>10)+"KiB", func(b *testing.B) {
				benchThroughput(b, opts, size)
			})
			b.Run("latency/"+mode+"/"+itoa(size>>10)+"KiB", func(b *testing.B) {
				benchLatency(b, opts, size)
			})
		}
	}
}

func benchThroughput(b *testing.B, opts *reconnect.Options, size int) {
	c := dial(b, "", opts)
	ctx := testContext(b)
	p := make([]byte, size)
	window := make(chan struct{}, 64)
	errc := make(chan error, 1)
	b.SetBytes(int64(size))
	b.ResetTimer()
	go func() {
		for range b.N {
			window <- struct{}{}
			if err := c.Send(ctx, sdk.Binary, p); err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()
	for range b.N {
		if _, _, err := c.Receive(ctx); err != nil {
			b.Fatal(err)
		}
		<-window
	}
	if err := <-errc; err != nil {
		b.Fatal(err)
	}
}

func benchLatency(b *testing.B, opts *reconnect.Options, size int) {
	c := dial(b, "", opts)
	ctx := testContext(b)
	p := make([]byte, size)
	rtts := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		if err := c.Send(ctx, sdk.Binary, p); err != nil {
			b.Fatal(err)
		}
		if _, _, err := c.Receive(ctx); err != nil {
			b.Fatal(err)
		}
		rtts = append(rtts, time.Since(start))
	}
	slices.Sort(rtts)
	b.ReportMetric(float64(rtts[len(rtts)/2].Microseconds()), "p50-µs")
}
