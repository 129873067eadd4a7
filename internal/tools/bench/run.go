package bench

import (
	"context"
	"fmt"
	"time"
)

// Named is a client implementation under test.
type Named struct {
	Name string
	Dial Dialer
}

// Plan says how much to measure. Every client gets the same slices,
// interleaved: for each repetition, for each size, each client in turn runs a
// throughput slice then a latency slice, so that drift on the machine (other
// load, thermal, GC of the server) spreads over all of them alike.
type Plan struct {
	Sizes      []int
	Reps       int           // repetitions of the whole round
	Throughput time.Duration // per throughput slice
	Latency    time.Duration // per latency slice
	MaxRounds  int           // round trips per latency slice at most
	// Warm is an untimed throughput slice per client and size before the
	// timed ones (0: none), for a program that starts cold for each
	// measurement (the browser's Go wasm instances: a fresh heap).
	Warm time.Duration
}

// Steps returns how many progress steps Run reports for n clients.
func (p Plan) Steps(n int) int { return p.Reps * len(p.Sizes) * n }

// Run measures every client against the echo endpoint at url as plan says,
// calling progress before each step, and returns one Raw per client and
// size, sizes outer (see MergeAll). A client that fails to connect or errs keeps its error
// in its Results, and the others go on.
func Run(ctx context.Context, url string, clients []Named, plan Plan, progress func(step int, what string)) []Raw {
	conns := make([]Client, len(clients))
	accs := make([][]Raw, len(clients))
	for i, c := range clients {
		accs[i] = make([]Raw, len(plan.Sizes))
		for j, size := range plan.Sizes {
			accs[i][j].Client, accs[i][j].Size = c.Name, size
		}
		conn, err := c.Dial(ctx, url)
		if err == nil {
			err = warm(ctx, conn, plan.Sizes, plan.Warm)
		}
		if err != nil {
			for j := range accs[i] {
				accs[i][j].Fail(fmt.Errorf("connecting: %w", err))
			}
			if conn != nil {
				conn.Close()
			}
			continue
		}
		conns[i] = conn
	}
	defer func() {
		for _, c := range conns {
			if c != nil {
				c.Close()
			}
		}
	}()

	step := 0
	for rep := range plan.Reps {
		for j, size := range plan.Sizes {
			for i, c := range clients {
				step++
				if progress != nil {
					progress(step, fmt.Sprintf("%s %s (round %d of %d)", c.Name, SizeName(size), rep+1, plan.Reps))
				}
				acc := &accs[i][j]
				if conns[i] == nil || acc.Failed() {
					continue
				}
				if err := Throughput(ctx, conns[i], size, plan.Throughput, acc); err != nil {
					acc.Fail(fmt.Errorf("throughput: %w", err))
					continue
				}
				if err := Latency(ctx, conns[i], size, plan.Latency, plan.MaxRounds, acc); err != nil {
					acc.Fail(fmt.Errorf("latency: %w", err))
				}
			}
		}
	}

	var out []Raw
	for j := range plan.Sizes {
		for i := range clients {
			out = append(out, accs[i][j])
		}
	}
	return out
}

// warm runs a few round trips at every size, and a throughput slice of d
// if d is not 0, so that buffers and the heap have grown and code paths are
// hot before anything is timed.
func warm(ctx context.Context, c Client, sizes []int, d time.Duration) error {
	var discard Raw
	for _, size := range sizes {
		if err := Latency(ctx, c, size, 0, 5, &discard); err != nil {
			return err
		}
		if d > 0 {
			if err := Throughput(ctx, c, size, d, &discard); err != nil {
				return err
			}
		}
	}
	return nil
}
