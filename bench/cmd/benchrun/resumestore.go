//go:build !js

package main

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/wasmws/wasmws/internal/testredis"
	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// ResumeStoreResult is resume-mode echo throughput at one size, with the
// bundled server keeping its sessions in memory and in Redis.
type ResumeStoreResult struct {
	Size        int     `json:"size"`
	Messages    int     `json:"messages"`      // per repetition
	MemoryMBps  float64 `json:"memory_mb_s"`   // median of the repetitions
	RedisMBps   float64 `json:"redis_mb_s"`    // median of the repetitions
	RedisRatio  float64 `json:"redis_ratio"`   // Redis / memory
	RedisServer string  `json:"redis_version"` // redis-server --version
	Error       string  `json:"error,omitempty"`
}

// resumeStoreSizes are the message sizes of the section.
var resumeStoreSizes = []int{1 << 10, 16 << 10, 64 << 10}

// runResumeStore measures reconnect.Client in resume mode (64 messages in
// flight, echoed) against two `wasmws serve`: the benchmark's own (memory
// store) and one with -resume-store on a redis-server of its own (Debian's,
// no persistence). The two alternate, repetition by repetition.
func (d *driver) runResumeStore(ctx context.Context) error {
	reps, budget := 5, 32<<20
	if d.cfg.quick {
		reps, budget = 1, 2<<20
	}
	d.progress.show("resume store: starting redis-server")
	r, err := testredis.Launch(filepath.Join(d.work, "redis"))
	if err != nil {
		return err
	}
	defer r.Stop()
	redisURL, _, stop, err := d.startServerWith(nil, "-resume-store", r.URL())
	if err != nil {
		return err
	}
	defer stop()
	version := redisVersion()
	for _, size := range resumeStoreSizes {
		res := ResumeStoreResult{Size: size, Messages: max(200, budget/size), RedisServer: version}
		var mem, red []float64
		for rep := range reps {
			for _, s := range []struct {
				name string
				url  string
				out  *[]float64
			}{{"memory", d.echoURL, &mem}, {"redis", redisURL, &red}} {
				d.progress.show(fmt.Sprintf("resume store: %s, %d B, rep %d/%d", s.name, size, rep+1, reps))
				mbps, err := resumeThroughput(ctx, s.url, size, res.Messages)
				if err != nil {
					res.Error = fmt.Sprintf("%s: %v", s.name, err)
					break
				}
				*s.out = append(*s.out, mbps)
			}
		}
		if res.Error == "" {
			res.MemoryMBps, res.RedisMBps = median(mem), median(red)
			res.RedisRatio = res.RedisMBps / res.MemoryMBps
		}
		d.report.ResumeStore = append(d.report.ResumeStore, res)
	}
	for _, res := range d.report.ResumeStore {
		if res.Error != "" {
			return fmt.Errorf("%d B: %s", res.Size, res.Error)
		}
	}
	return nil
}

// resumeThroughput echoes n messages of size bytes through a resume-mode
// client, at most 64 in flight, and returns the MB/s of one direction.
func resumeThroughput(ctx context.Context, url string, size, n int) (float64, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	c, err := reconnect.Dial(ctx, url, &reconnect.Options{Resume: true})
	if err != nil {
		return 0, err
	}
	defer c.Close(sdk.StatusNormalClosure, "")
	p := make([]byte, size)
	window := make(chan struct{}, 64)
	errc := make(chan error, 1)
	start := time.Now()
	go func() {
		for range n {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				errc <- ctx.Err()
				return
			}
			if err := c.Send(ctx, sdk.Binary, p); err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()
	for range n {
		if _, _, err := c.Receive(ctx); err != nil {
			return 0, err
		}
		<-window
	}
	if err := <-errc; err != nil {
		return 0, err
	}
	return float64(n*size) / 1e6 / time.Since(start).Seconds(), nil
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

// redisVersion returns the first words of redis-server --version.
func redisVersion() string {
	bin, err := testredis.Binary()
	if err != nil {
		return ""
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		return ""
	}
	f := strings.Fields(string(out))
	return strings.Join(f[:min(3, len(f))], " ")
}

// resumeStoreMarkdown writes the section's table.
func resumeStoreMarkdown(b *strings.Builder, results []ResumeStoreResult) {
	if len(results) == 0 {
		return
	}
	fmt.Fprintf(b, "\n## Resume mode: sessions in Redis beside memory (reconnect.Client, native)\n\n")
	fmt.Fprintf(b, "Echo throughput of one resume-mode client, 64 messages in flight, against `wasmws serve` with its sessions in memory and with `-resume-store redis://…` (%s, on this machine; every message the server sends is one Lua script in Redis). Median of the repetitions, which alternate.\n\n", or(results[0].RedisServer, "redis-server"))
	fmt.Fprintf(b, "| size | messages | memory MB/s | Redis MB/s | × Redis/memory |\n|---|---:|---:|---:|---:|\n")
	for _, r := range results {
		if r.Error != "" {
			fmt.Fprintf(b, "| %d B | %d | error: %s | | |\n", r.Size, r.Messages, strings.ReplaceAll(r.Error, "|", "/"))
			continue
		}
		fmt.Fprintf(b, "| %d B | %d | %.1f | %.1f | %.2f |\n", r.Size, r.Messages, r.MemoryMBps, r.RedisMBps, r.RedisRatio)
	}
}
