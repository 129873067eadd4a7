//go:build js && wasm

// Command jsclient runs the multi-node chaos client (package multinode) in a
// browser. e2e/multinode_test.go builds it with GOOS=js GOARCH=wasm and runs
// it through internal/tools/wasmexec, passing
//
//	WASMWS_MULTINODE_URLS   the nodes' /echo URLs, comma-separated
//	WASMWS_MULTINODE_TOTAL  messages to send (default multinode.DefaultTotal)
//
// It writes progress lines and, at the end, one report line on standard
// output (multinode.ParseLine reads them), and exits with 1 when the run
// could not be made. Whether the report passes is the test's to judge.
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/wasmws/wasmws/e2e/multinode"
)

// runTimeout bounds the whole run, so that a stuck client exits.
const runTimeout = 4 * time.Minute

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "jsclient:", err)
		os.Exit(1)
	}
}

func run() error {
	urls := os.Getenv(multinode.EnvURLs)
	if urls == "" {
		return fmt.Errorf("%s is not set", multinode.EnvURLs)
	}
	total := 0
	if v := os.Getenv(multinode.EnvTotal); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("%s=%q: %v", multinode.EnvTotal, v, err)
		}
		total = n
	}
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	r, err := multinode.Run(ctx, multinode.Config{
		URLs:  strings.Split(urls, ","),
		Total: total,
		OnProgress: func(p multinode.Progress) {
			fmt.Print(multinode.ProgressLine(p))
		},
	})
	if err != nil {
		return err
	}
	fmt.Print(multinode.ReportLine(r))
	return nil
}
