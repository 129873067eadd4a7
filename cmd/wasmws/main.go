//go:build !js

// Command wasmws is the command-line tool of the wasmws WebSocket SDK.
//
// Usage:
//
//	wasmws <command> [flags]
//
// The commands are:
//
//	serve    run the bundled echo and test server (see package server)
//	dial     connect to a WebSocket server: an interactive client, or a pipe
//	exec     run a GOOS=js GOARCH=wasm binary (go test -exec) in Chromium, Firefox or WebKit
//	version  print the version (also: wasmws --version)
//
// Run "wasmws <command> -h" for a command's flags. The exit status is 0 on
// success, 1 on a runtime error and 2 on a usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/wasmws/wasmws/internal/errtree"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first signal ends ctx; a second one kills the process at once.
	context.AfterFunc(ctx, stop)
	adoptOrphans = func() func() {
		becomeSubreaper()
		return reapOrphans
	}
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// run runs the command line args (without the program name) until it is
// done or ctx ends.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stderr)
		return &usageError{"no command given"}
	}
	switch name := args[0]; name {
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return nil
	case "-version", "--version":
		return runVersion(ctx, args[1:], stdout, stderr)
	default:
		for _, c := range commandList() {
			if c.name == name {
				return c.run(ctx, args[1:], stdout, stderr)
			}
		}
		usage(stderr)
		return &usageError{fmt.Sprintf("unknown command %q", name)}
	}
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "usage: wasmws <command> [flags]\n\ncommands:\n")
	for _, c := range commandList() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun \"wasmws <command> -h\" for a command's flags.\n")
}

// usageError reports a bad command line: main exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// parseFlags parses a command's args into fs, which takes no positional
// arguments. For -h it prints the usage on stdout and returns flag.ErrHelp
// (exit status 0); for a bad command line it prints the usage on stderr and
// returns a *usageError.
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(stdout)
		fs.Usage()
		return flag.ErrHelp
	case err == nil && fs.NArg() > 0:
		err = fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if err != nil {
		fs.SetOutput(stderr)
		fs.Usage()
		return &usageError{fmt.Sprintf("%s: %v", fs.Name(), err)}
	}
	return nil
}

// exitCode reports err on stderr and returns the exit status for it: 0 for
// nil or flag.ErrHelp (the usage was asked for and printed), 2 for a usage
// error, 1 otherwise.
func exitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if es := (*exitStatus)(nil); errors.As(err, &es) {
		return es.code
	}
	writeErrorLines(stderr, err)
	if ue := (*usageError)(nil); errors.As(err, &ue) {
		return 2
	}
	return 1
}

// writeErrorLines writes err on stderr, one line per error that
// errors.Join put together (nil ones left out) (the dial session's own error beside the close's),
// each line starting with errPrefix once whatever its error carried.
func writeErrorLines(stderr io.Writer, err error) {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			writeErrorLines(stderr, e)
		}
		return
	}
	fmt.Fprintf(stderr, "%s%s\n", errPrefix, errtree.Nested(err))
}

// errPrefix starts every error line of the command, once. An error of the
// library carries the same prefix once, at its start (errtree.Prefix): the
// command writes its text as nested in its own line, "wasmws: dial: syntax
// error: ...".
const errPrefix = errtree.Prefix
