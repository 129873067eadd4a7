//go:build !js

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

func main() {
	err := run(os.Args[1:])
	var code exitCode
	switch {
	case err == nil:
	case errors.As(err, &code):
		os.Exit(int(code))
	default:
		fmt.Fprintf(os.Stderr, "wasmexec: %v\n", err)
		os.Exit(1)
	}
}

// exitCode is the non-zero exit code of the program: wasmexec exits with it
// and prints nothing more.
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("exit code %d", int(c)) }

// run runs the program args[0] with the arguments args[1:] in the browser.
func run(args []string) error {
	if len(args) == 0 {
		return errors.New("usage: wasmexec PROGRAM.wasm [ARGS...] (made for go test -exec and go run -exec)")
	}
	start := time.Now()
	program, progArgs := args[0], args[1:]
	if _, err := os.Stat(program); err != nil {
		return err
	}
	timeout, why, err := runTimeout(progArgs, os.Getenv)
	if err != nil {
		return err
	}
	wasmExec, err := wasmExecPath()
	if err != nil {
		return err
	}

	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	if timeout > 0 {
		var cancelTimeout context.CancelFunc
		ctx, cancelTimeout = context.WithTimeoutCause(ctx, timeout,
			fmt.Errorf("timed out after %v (%s); the program did not exit", timeout, why))
		defer cancelTimeout()
	}
	stopSignals := cancelOnSignal(cancel, os.Interrupt, syscall.SIGTERM, syscall.SIGQUIT)
	defer stopSignals()

	r := &runner{
		stdout:  os.Stdout,
		stderr:  os.Stderr,
		verbose: os.Getenv("WASMWS_EXEC_VERBOSE") != "",
		start:   start,
	}
	argv := append([]string{filepath.Base(program)}, progArgs...)
	return r.run(ctx, program, wasmExec, argv, os.Environ())
}

// cancelOnSignal cancels with a cause naming the signal when one of sigs
// arrives. go test sends SIGQUIT when its own timeout runs out.
func cancelOnSignal(cancel context.CancelCauseFunc, sigs ...os.Signal) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, sigs...)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			cancel(fmt.Errorf("stopped by signal %v", sig))
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}
