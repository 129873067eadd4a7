//go:build !js

package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/wasmws/wasmws/internal/tools/bench"
)

// driver runs the sections of the benchmark and fills the report.
type driver struct {
	cfg      config
	work     string // temporary directory for builds and the served page
	progress *progress
	report   *report

	wasmws  string // the CLI, built into work
	web     string // the directory the server serves: the page, wasmws.js
	echoURL string // ws://127.0.0.1:PORT/echo of the running server
	pageURL string // http://127.0.0.1:PORT/bench.html
}

// section is one part of the benchmark.
type section struct {
	name string
	run  func(ctx context.Context) error
}

// run builds what is needed, starts the server and runs every section. A
// section that fails is reported in the results and in the error returned
// after all have run.
func (d *driver) run(ctx context.Context) error {
	d.progress.show("building wasmws (the server)")
	d.wasmws = filepath.Join(d.work, "wasmws")
	if err := goBuild(nil, d.wasmws, "./cmd/wasmws"); err != nil {
		return err
	}
	sections := []section{
		{"size", d.runSizes}, // first: its builds would disturb the timings
		{"native", d.runNative},
		{"native-pinned", d.runNativePinned},
		{"browser", d.runBrowser},
		d.engineSection(otherEngines[0]),
		d.engineSection(otherEngines[1]),
		{"reconnect", d.runReconnect},
		{"resume", d.runResume},
		{"resume-store", d.runResumeStore},
	}
	var only []string
	if d.cfg.only != "" {
		only = strings.Split(d.cfg.only, ",")
	}
	if err := d.preparePage(); err != nil {
		return err
	}
	stop, err := d.startServer()
	if err != nil {
		return err
	}
	defer stop()

	var failed []string
	for _, s := range sections {
		if only != nil && !slices.Contains(only, s.name) {
			continue
		}
		t0 := time.Now()
		err := s.run(ctx)
		d.report.Sections = append(d.report.Sections, sectionTime{s.name, time.Since(t0).Seconds()})
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			d.report.note("The %s section failed: %v", s.name, err)
			failed = append(failed, s.name+": "+err.Error())
		}
	}
	d.report.evaluate()
	if failed != nil {
		return fmt.Errorf("sections failed (the results written say so):\n  %s", strings.Join(failed, "\n  "))
	}
	return nil
}

// goBuild runs go build -o out pkg with extra environment variables.
func goBuild(env []string, out, pkg string, flags ...string) error {
	args := append(append([]string{"build", "-o", out}, flags...), pkg)
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), env...)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", pkg, err, b)
	}
	return nil
}

// jsEnv is the environment of a GOOS=js build.
var jsEnv = []string{"GOOS=js", "GOARCH=wasm"}

// startLine is what `wasmws serve` prints once it listens.
var startLine = regexp.MustCompile(`serving http://([^/]+)/ \(echo at (ws://\S+)\)`)

// startServer runs `wasmws serve` on a free loopback port, serving d.web,
// and returns a func that stops it.
func (d *driver) startServer() (stop func(), err error) {
	d.echoURL, d.pageURL, stop, err = d.startServerWith(nil)
	return stop, err
}

// startServerWith starts a server on a free port, its command line prefixed
// by prefix (taskset, say) and ending with the flags extra, and returns its
// echo URL and the URL of the benchmark page.
func (d *driver) startServerWith(prefix []string, extra ...string) (echoURL, pageURL string, stop func(), err error) {
	args := append(append([]string(nil), prefix...), d.wasmws, "serve", "-addr", "127.0.0.1:0", "-web", d.web)
	args = append(args, extra...)
	cmd := exec.Command(args[0], args[1:]...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", "", nil, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return "", "", nil, err
	}
	stop = func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	m := startLine.FindStringSubmatch(line)
	if m == nil {
		stop()
		return "", "", nil, errors.Join(fmt.Errorf("wasmws serve did not start: %q %s", line, stderr.String()), err)
	}
	return m[2], "http://" + m[1] + "/bench.html", stop, nil
}

// withSizes returns plan with the sizes of -sizes, the rounds of -rounds
// and the throughput slice of -slice, if given.
func (d *driver) withSizes(plan bench.Plan) bench.Plan {
	if len(d.cfg.sizes) > 0 {
		plan.Sizes = d.cfg.sizes
	}
	if d.cfg.rounds > 0 {
		plan.Reps = d.cfg.rounds
	}
	if d.cfg.slice > 0 {
		plan.Throughput = d.cfg.slice
	}
	return plan
}
