//go:build !js

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/wasmws/wasmws/internal/tools/browser"
	"github.com/wasmws/wasmws/internal/tools/wasmexec"
)

// adoptOrphans makes this process adopt the orphaned descendants of the
// browsers it starts and returns the function that kills and reaps them.
// main sets it: only the wasmws process may reap all of its children. A test
// that calls run in-process leaves it nil, since reaping there would kill the
// test binary's other children (the dial tests' wasmws processes).
var adoptOrphans func() (reap func())

// runExec is "wasmws exec": it runs a GOOS=js GOARCH=wasm program, usually a
// test binary given by go test -exec, in headless browsers (see package
// internal/tools/wasmexec) and exits with its exit code.
func runExec(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("exec", flag.ContinueOnError)
	engine := fs.String("browser", browser.Chromium, "run in `engine`: chromium, firefox, webkit, or all (each in turn; lines prefixed with the engine)")
	var pass []string
	fs.Func("env", "also pass the environment variables `names` (comma-separated, repeatable; all: every one) to the program; WASMWS_*, GODEBUG and GOCOVERDIR always pass", func(v string) error {
		for name := range strings.SplitSeq(v, ",") {
			if name = strings.TrimSpace(name); name != "" {
				pass = append(pass, name)
			}
		}
		return nil
	})
	verbose := fs.Bool("v", false, "print timings and the browser's own log to stderr")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: wasmws exec [flags] BINARY [ARGS...]\n\n"+
			"Runs a GOOS=js GOARCH=wasm binary in a headless browser, made for go test -exec:\n\n"+
			"\tGOOS=js GOARCH=wasm go test -exec 'wasmws exec -browser firefox' ./...\n\n"+
			"The exit status is the program's. Flags:\n")
		fs.PrintDefaults()
	}
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(stdout)
		fs.Usage()
		return flag.ErrHelp
	case err == nil && fs.NArg() == 0:
		err = errors.New("no binary given")
	}
	engines := []string{*engine}
	if *engine == "all" {
		engines = browser.Engines
	}
	if err != nil {
		fs.SetOutput(stderr)
		fs.Usage()
		return &usageError{fmt.Sprintf("exec: %v", err)}
	}

	// go test sends SIGQUIT when its own timeout runs out. A closed stdout
	// must fail a write (EPIPE), not kill the runner before it cleans up.
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGQUIT)
	defer stop()
	pipe := make(chan os.Signal, 1)
	signal.Notify(pipe, syscall.SIGPIPE)
	defer signal.Stop(pipe)

	reap := func() {}
	if adoptOrphans != nil {
		reap = adoptOrphans()
	}
	defer reap()

	cfg := wasmexec.Config{Program: fs.Arg(0), Args: fs.Args()[1:], PassEnv: pass, Stdout: stdout, Stderr: stderr}
	if *verbose {
		cfg.Log = stderr
	}
	var results []error
	for _, e := range engines {
		c := cfg
		var flush []*prefixWriter
		if len(engines) > 1 {
			out, errOut := newPrefixWriter(stdout, e), newPrefixWriter(stderr, e)
			c.Stdout, c.Stderr, flush = out, errOut, []*prefixWriter{out, errOut}
			if c.Log != nil {
				c.Log = errOut
			}
		}
		err := wasmexec.Run(ctx, e, c)
		if err != nil && wasmexec.ExitCode(err) == 1 && !errors.As(err, new(*wasmexec.ExitError)) {
			fmt.Fprintf(c.Stderr, "wasmexec: %v\n", err)
		}
		for _, w := range flush {
			w.Flush()
		}
		reap()
		results = append(results, err)
		if ctx.Err() != nil {
			break
		}
	}
	for _, err := range results {
		if err != nil {
			return &exitStatus{code: wasmexec.ExitCode(err)}
		}
	}
	return nil
}

// exitStatus is the result of a command that has reported its failure
// itself: main exits with code and prints nothing more.
type exitStatus struct{ code int }

func (e *exitStatus) Error() string { return fmt.Sprintf("exit status %d", e.code) }
