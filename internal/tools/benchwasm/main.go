//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wasmws/wasmws/internal/tools/bench"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "benchwasm:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("benchwasm", flag.ContinueOnError)
	reps := fs.Int("reps", 1, "repetitions of the whole round")
	thr := fs.Duration("throughput", time.Second, "per throughput slice")
	lat := fs.Duration("latency", 500*time.Millisecond, "per latency slice")
	warm := fs.Duration("warm", 0, "an untimed throughput slice per client and size first")
	sizes := fs.String("sizes", "", "comma-separated message sizes in bytes (default: bench.Sizes)")
	only := fs.String("client", "", "measure only the clients of these `names`, comma-separated")
	reverse := fs.Bool("reverse", false, "measure the clients in the reverse of their order (the output keeps their order); see measureOrder")
	memprofile := fs.Bool("memprofile", false, "record every allocation and write the heap profile (pprof format) on stdout instead of the results")
	if err := fs.Parse(args); err != nil {
		return err
	}
	url := os.Getenv("WASMWS_ECHO_URL")
	if url == "" {
		return errors.New("WASMWS_ECHO_URL is not set")
	}
	plan := bench.Plan{Sizes: bench.Sizes, Reps: *reps, Throughput: *thr, Latency: *lat, MaxRounds: 20000, Warm: *warm}
	if *sizes != "" {
		plan.Sizes = nil
		for s := range strings.SplitSeq(*sizes, ",") {
			n, err := strconv.Atoi(s)
			if err != nil {
				return fmt.Errorf("-sizes: %w", err)
			}
			plan.Sizes = append(plan.Sizes, n)
		}
	}
	measured := clients
	if *only != "" {
		measured = nil
		for _, c := range append(clients[:len(clients):len(clients)], extra...) {
			if slices.Contains(strings.Split(*only, ","), c.Name) {
				measured = append(measured, c)
			}
		}
	}
	if *memprofile {
		runtime.MemProfileRate = 1
	}
	total := plan.Steps(len(measured))
	raws := bench.Run(context.Background(), url, measureOrder(measured, *reverse), plan, func(step int, what string) {
		fmt.Fprintf(os.Stderr, "benchwasm: [%d/%d] %s\n", step, total, what)
	})
	inOrder(raws, measured, plan.Sizes)
	if *memprofile {
		return pprof.Lookup("allocs").WriteTo(os.Stdout, 0)
	}
	return json.NewEncoder(os.Stdout).Encode(map[string]any{"raw": raws})
}
