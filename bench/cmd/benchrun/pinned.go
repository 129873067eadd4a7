//go:build !js

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"

	"github.com/wasmws/wasmws/internal/tools/bench"
	"github.com/wasmws/wasmws/internal/tools/bench/native"
)

// pinnedCPU is the CPU that the pinned native section runs the client and
// its server on.
const pinnedCPU = "0"

// runNativePinned measures the native clients again with the client process
// and a server of its own both pinned to one CPU (taskset), so GOMAXPROCS is
// 1 in both. On a small VM a wake-up across CPUs costs tens of µs and comes
// at random: unpinned, 16 B round trips of each client moved between 13 and
// 70 µs from run to run, which hides differences of a few µs between
// clients. Pinned, they repeat within a few per cent and show each client's
// own cost. The client runs in a child process of the driver (-native-worker)
// because a Go process cannot move all its threads to one CPU itself.
func (d *driver) runNativePinned(ctx context.Context) error {
	if runtime.NumCPU() < 2 {
		d.report.note("The pinned native section was skipped: with one CPU, the native section is already pinned.")
		return nil
	}
	taskset, err := exec.LookPath("taskset")
	if err != nil {
		d.report.note("The pinned native section was skipped: taskset (util-linux) is not installed.")
		return nil
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	pin := []string{taskset, "-c", pinnedCPU}
	echoURL, _, stop, err := d.startServerWith(pin)
	if err != nil {
		return err
	}
	defer stop()

	plan := d.withSizes(nativePlan(d.cfg.quick))
	d.report.NativePinnedPlan = describePlan(plan)
	planJSON, _ := json.Marshal(plan)
	cmd := exec.CommandContext(ctx, pin[0], append(pin[1:], self, "-native-worker", echoURL, "-worker-plan", string(planJSON))...)
	var out strings.Builder
	cmd.Stdout = &out
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	total := plan.Steps(len(native.Clients))
	var errText strings.Builder
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if i, _, what, ok := parseStep(sc.Text()); ok {
			d.progress.step("native pinned", i, total, what)
		} else {
			errText.WriteString(sc.Text() + "\n")
		}
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("pinned native worker: %w: %s", err, strings.TrimSpace(errText.String()))
	}
	var raws []bench.Raw
	if err := json.Unmarshal([]byte(out.String()), &raws); err != nil {
		return fmt.Errorf("pinned native worker output: %w", err)
	}
	d.report.NativePinned = bench.MergeAll(raws)
	return resultsErr(d.report.NativePinned)
}

// nativeWorker is the child process of runNativePinned: it measures the
// native clients with plan against url, reports progress on stderr and
// writes the raw results as JSON on stdout.
func nativeWorker(ctx context.Context, planJSON, url string, stdout, stderr io.Writer) error {
	var plan bench.Plan
	if err := json.Unmarshal([]byte(planJSON), &plan); err != nil {
		return fmt.Errorf("-native-worker: %w", err)
	}
	if len(plan.Sizes) == 0 {
		return errors.New("-native-worker: no sizes")
	}
	total := plan.Steps(len(native.Clients))
	raws := bench.Run(ctx, url, native.Clients, plan, func(i int, what string) {
		fmt.Fprintf(stderr, "native-worker: [%d/%d] %s\n", i, total, what)
	})
	return json.NewEncoder(stdout).Encode(raws)
}
