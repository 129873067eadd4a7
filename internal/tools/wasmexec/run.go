//go:build !js

package wasmexec

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/wasmws/wasmws/internal/tools/browser"
	"github.com/wasmws/wasmws/server"
)

// ErrUsage is the error, wrapped, for a bad command line or configuration.
var ErrUsage = errors.New("wasmexec: usage")

// Config is one run of a program. The zero value of each field means the
// default stated beside it.
type Config struct {
	// Program is the path of the GOOS=js GOARCH=wasm binary. Required.
	Program string

	// Args are the program's arguments (go test's -test.* flags).
	Args []string

	// Dir is the program's working directory, lent to it read-only.
	// Empty means the current directory (go test runs a test binary in
	// its package's directory).
	Dir string

	// Environ is the environment the page's environment is made from.
	// Nil means os.Environ().
	Environ []string

	// PassEnv names further variables of Environ to pass to the program,
	// or holds "all" to pass every one. Nil means none beyond the defaults
	// (WASMWS_*, GODEBUG, GOCOVERDIR).
	PassEnv []string

	// Stdout and Stderr receive the program's output; Stderr also the
	// runner's messages. Nil means os.Stdout and os.Stderr.
	Stdout, Stderr io.Writer

	// Log, when not nil, receives timings and the browser's own log.
	Log io.Writer
}

// Run starts the browser engine (browser.Chromium, Firefox or WebKit), runs
// cfg in it and closes it. The result is nil when the program exited with
// 0, an [*ExitError] for another code, or the error that ended the run.
func Run(ctx context.Context, engine string, cfg Config) error {
	start := time.Now()
	b, err := browser.Start(ctx, engine, &browser.StartOptions{Output: cfg.Log})
	if err != nil {
		return err
	}
	defer b.Close()
	logf(cfg.Log, start, "%s started", engine)
	return RunIn(ctx, b, cfg)
}

// RunIn runs cfg in the started browser b, in a new page that it closes at
// the end; b can run one program after another.
func RunIn(ctx context.Context, b browser.Browser, cfg Config) error {
	start := time.Now()
	if cfg.Environ == nil {
		cfg.Environ = os.Environ()
	}
	if cfg.Stdout == nil {
		cfg.Stdout = os.Stdout
	}
	if cfg.Stderr == nil {
		cfg.Stderr = os.Stderr
	}
	if cfg.Dir == "" {
		dir, err := os.Getwd()
		if err != nil {
			return err
		}
		cfg.Dir = dir
	}
	if _, err := os.Stat(cfg.Program); err != nil {
		return err
	}
	getenv := func(name string) string { return lookup(cfg.Environ, name) }
	flags := testFlags{args: cfg.Args}
	timeout, why, err := runTimeout(flags, getenv)
	if err != nil {
		return err
	}
	wasmExec, err := wasmExecPath(getenv)
	if err != nil {
		return err
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, timeout,
			fmt.Errorf("timed out after %v (%s); the program did not exit", timeout, why))
		defer cancel()
	}

	// A CPU profile is the engine's, not Go's (which GOOS=js lacks).
	args := cfg.Args
	cpuProfile := ""
	if v, ok := flags.value("cpuprofile"); ok && v != "" {
		cpuProfile = flags.outputPath(v, cfg.Dir)
		args = flags.without("cpuprofile")
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	mux := http.NewServeMux()
	echoURL := getenv(EnvEchoURL)
	var echo *server.Server
	if echoURL == "" {
		// The page and /echo share an origin, which the server allows.
		echo = server.New(server.Options{})
		mux.Handle("/", echo)
		echoURL = "ws://" + addr + "/echo"
	}
	dir, err := readDirEntry(cfg.Dir)
	if err != nil {
		ln.Close()
		return err
	}
	readDirs, readEntries := []string{cfg.Dir}, []hostEntry{dir}
	if zi, err := readDirEntry(zoneinfoDir); err == nil && zi.Mode&sIFDIR != 0 {
		// First: the package's directory may lie inside it, not the
		// other way round.
		readDirs, readEntries = append([]string{zoneinfoDir}, readDirs...), append([]hostEntry{zi}, readEntries...)
	}
	writeDirs := flags.writeDirs(cfg.Dir, getenv("GOCOVERDIR"))
	rl := newRelay(cfg.Stdout, cfg.Stderr)
	h := &harness{
		program:  cfg.Program,
		wasmExec: wasmExec,
		ready:    make(chan struct{}),
		relay:    rl,
		files:    &hostFiles{readDirs: readDirs, writeDirs: writeDirs},
		config: newConfig(pageConfig{
			Argv:      append([]string{filepath.Base(cfg.Program)}, args...),
			Env:       pageEnv(cfg.Environ, cfg.PassEnv, echoURL),
			Cwd:       cfg.Dir,
			ReadDirs:  readEntries,
			WriteDirs: writeDirs,
		}),
	}
	mux.Handle(harnessPrefix, h)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if echo != nil {
			echo.Shutdown(sctx)
		}
		hs.Close()
	}()
	logf(cfg.Log, start, "serving on %s, echo server %s", addr, echoURL)

	page, err := b.Open(ctx, "http://"+addr+harnessPrefix)
	if err != nil {
		return stopped(ctx, err)
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		page.Close(cctx)
		logf(cfg.Log, start, "page closed")
	}()
	logf(cfg.Log, start, "page opened")

	profiler, _ := page.(browser.Profiler)
	switch {
	case cpuProfile == "":
	case profiler == nil:
		fmt.Fprintf(cfg.Stderr, "wasmexec: -test.cpuprofile: %s cannot record a CPU profile of the page; no profile written (Chromium can: -browser chromium)\n", b.Engine())
	default:
		if err := profiler.StartProfile(ctx); err != nil {
			return stopped(ctx, fmt.Errorf("starting the CPU profile: %w", err))
		}
	}
	close(h.ready)
	if getenv(envTestPanic) != "" {
		panic("wasmexec: " + envTestPanic + " is set")
	}

	var result error
	select {
	case result = <-rl.result:
	case <-b.Done():
		rl.end(errBrowserGone)
		result = <-rl.result
	case <-ctx.Done():
		rl.end(context.Cause(ctx))
		result = <-rl.result
	}
	logf(cfg.Log, start, "program ended: %v", result)
	if cpuProfile != "" && profiler != nil {
		if err := writeProfile(ctx, profiler, cpuProfile); err != nil {
			fmt.Fprintf(cfg.Stderr, "wasmexec: -test.cpuprofile: %v\n", err)
		}
	}
	return result
}

// zoneinfoDir is the host's time zone database, lent read-only to the
// program where Go's time.LoadLocation looks first, as under Node.js, which
// reads the host's files.
const zoneinfoDir = "/usr/share/zoneinfo"

// envTestPanic makes RunIn panic once the page runs: the runner's own tests
// check that a panic leaves no browser behind.
const envTestPanic = "WASMWS_EXEC_TEST_PANIC"

// errBrowserGone is the error when the browser ends before the program.
var errBrowserGone = errors.New("the browser exited before the program did")

// writeProfile stops the CPU profile and writes it to path.
func writeProfile(ctx context.Context, p browser.Profiler, path string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	b, err := p.StopProfile(ctx)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// stopped returns the reason ctx ended (a timeout or a signal), or else err.
func stopped(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return err
}

// logf prints a timing line to log when it is not nil.
func logf(log io.Writer, start time.Time, format string, args ...any) {
	if log != nil {
		d := time.Since(start).Round(time.Millisecond)
		fmt.Fprintf(log, "wasmexec: [%v] "+format+"\n", append([]any{d}, args...)...)
	}
}
