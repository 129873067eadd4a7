//go:build !js

package native

import (
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/wasmws/wasmws/internal/tools/bench"
	"github.com/wasmws/wasmws/server"
)

// echoURL returns the echo endpoint: $WASMWS_BENCH_URL (say, a `wasmws
// serve` in another process, so that a CPU profile shows the client alone),
// else the bundled server in this process.
func echoURL(b *testing.B) string {
	if u := os.Getenv("WASMWS_BENCH_URL"); u != "" {
		return u
	}
	srv := server.New(server.Options{})
	hs := httptest.NewServer(srv)
	b.Cleanup(func() {
		_ = srv.Shutdown(context.Background())
		hs.Close()
	})
	return "ws" + strings.TrimPrefix(hs.URL, "http") + "/echo"
}

// BenchmarkRoundTrip: one message at a time, b.N round trips.
//
//	go test -run - -bench 'RoundTrip/sdk.Conn/64_KiB' -cpuprofile cpu.prof ./internal/tools/bench/native
func BenchmarkRoundTrip(b *testing.B) {
	forEach(b, func(b *testing.B, c bench.Client, size int) {
		ctx := context.Background()
		p := bench.Payload(size)
		for b.Loop() {
			if err := c.Send(ctx, p); err != nil {
				b.Fatal(err)
			}
			if _, err := c.Receive(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkStream: b.N messages with bench.Window of them in flight.
func BenchmarkStream(b *testing.B) {
	forEach(b, func(b *testing.B, c bench.Client, size int) {
		ctx := context.Background()
		p := bench.Payload(size)
		window := make(chan struct{}, bench.Window(size))
		errc := make(chan error, 1)
		b.ResetTimer()
		go func() {
			for range b.N {
				window <- struct{}{}
				if err := c.Send(ctx, p); err != nil {
					errc <- err
					return
				}
			}
			errc <- nil
		}()
		for range b.N {
			if _, err := c.Receive(ctx); err != nil {
				b.Fatal(err)
			}
			<-window
		}
		if err := <-errc; err != nil {
			b.Fatal(err)
		}
	})
}

// forEach runs fn as a sub-benchmark per client (Clients and Extra) and size, on one connection
// per client.
func forEach(b *testing.B, fn func(b *testing.B, c bench.Client, size int)) {
	url := echoURL(b)
	for _, named := range append(Clients[:len(Clients):len(Clients)], Extra...) {
		b.Run(named.Name, func(b *testing.B) {
			c, err := named.Dial(context.Background(), url)
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			for _, size := range bench.Sizes {
				b.Run(strings.ReplaceAll(bench.SizeName(size), " ", "_"), func(b *testing.B) {
					b.SetBytes(int64(size))
					b.ReportAllocs()
					fn(b, c, size)
				})
			}
		})
	}
}
