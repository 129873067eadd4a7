//go:build !js

package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/wasmws/wasmws/server"
)

// runner runs one program and reports on stdout and stderr.
type runner struct {
	stdout, stderr io.Writer
	verbose        bool      // print timings and the browser's log
	start          time.Time // for the timings
}

// logf prints a timing line when verbose.
func (r *runner) logf(format string, args ...any) {
	if r.verbose {
		d := time.Since(r.start).Round(time.Millisecond)
		fmt.Fprintf(r.stderr, "wasmexec: [%v] "+format+"\n", append([]any{d}, args...)...)
	}
}

// run serves the page and runs program in the browser with argv and the
// environment made from environ. It returns nil or an exitCode when the
// program exited.
func (r *runner) run(ctx context.Context, program, wasmExec string, argv, environ []string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	mux := http.NewServeMux()

	echoURL := lookup(environ, envEchoURL)
	var echo *server.Server
	if echoURL == "" {
		// The page and /echo share an origin, which the server allows.
		echo = server.New(server.Options{})
		mux.Handle("/", echo)
		echoURL = "ws://" + addr + "/echo"
	}
	h, err := newHarness(program, wasmExec, pageConfig{Argv: argv, Env: pageEnv(environ, echoURL)})
	if err != nil {
		ln.Close()
		return err
	}
	mux.Handle(harnessPrefix, h)

	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	defer func() {
		// The browser is gone by now: nothing is left to finish gracefully.
		sctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if echo != nil {
			echo.Shutdown(sctx)
		}
		hs.Close()
	}()
	r.logf("serving on %s, echo server %s", addr, echoURL)

	return r.runPage(ctx, "http://"+addr+harnessPrefix)
}

// lookup returns the value of the variable name in environ, or "".
func lookup(environ []string, name string) string {
	for i := len(environ) - 1; i >= 0; i-- {
		if len(environ[i]) > len(name) && environ[i][len(name)] == '=' && environ[i][:len(name)] == name {
			return environ[i][len(name)+1:]
		}
	}
	return ""
}
