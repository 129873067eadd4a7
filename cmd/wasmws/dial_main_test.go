//go:build !js

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wasmws/wasmws/server"
)

// wasmwsBin is the command built once by TestMain, which the dial tests run
// as a subprocess.
var wasmwsBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "wasmws-cmd-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	wasmwsBin = filepath.Join(dir, "wasmws")
	if out, err := exec.Command("go", "build", "-o", wasmwsBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building wasmws: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// echoURL starts the bundled server for one test and returns the URL of its
// echo endpoint with query appended.
func echoURL(t *testing.T, query string) string {
	t.Helper()
	srv := server.New(server.Options{})
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		hs.Close()
	})
	u := "ws" + strings.TrimPrefix(hs.URL, "http") + "/echo"
	if query != "" {
		u += "?" + query
	}
	return u
}

// result is how a run of the command ended.
type result struct {
	stdout, stderr string
	code           int
}

// runCmd runs "wasmws args..." with stdin, for at most 30 seconds.
func runCmd(t *testing.T, stdin io.Reader, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, wasmwsBin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee) && ctx.Err() == nil && ee.Exited():
		r.code = ee.ExitCode()
	default:
		t.Fatalf("wasmws %q: %v (ctx: %v)\nstderr:\n%s", args, err, ctx.Err(), r.stderr)
	}
	return r
}
