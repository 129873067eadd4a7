//go:build !js

package main

import (
	"context"
	"io"
)

// A command is one subcommand of wasmws. Its run parses its own flags from
// args and returns a *usageError for a bad command line.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commandList returns the subcommands in the order the usage text shows
// them: the one registry of the CLI. A new subcommand is one line here and a
// file of its own; no file registers itself from init.
//
// It is a function rather than a variable so that a command may list the
// commands (as help does) without an initialization cycle.
func commandList() []command {
	return []command{
		{"serve", "run the bundled echo and test server", runServe},
		{"dial", "connect to a WebSocket server: an interactive client, or a pipe", runDial},
		{"exec", "run a GOOS=js GOARCH=wasm binary (go test -exec) in Chromium, Firefox or WebKit", runExec},
		{"version", "print the version of wasmws", runVersion},
	}
}
