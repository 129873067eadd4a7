//go:build !js

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path"
	"strings"
	"syscall"
	"time"

	"github.com/wasmws/wasmws/server"
)

// shutdownTimeout bounds the graceful shutdown after a signal.
const shutdownTimeout = 5 * time.Second

// runServe is "wasmws serve": it runs the bundled server until ctx ends, then
// shuts it down gracefully, closing every WebSocket with 1001.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:9998", "listen on `host:port` (port 0: any free port)")
	web := fs.String("web", "web", "serve the static files in `dir` at /; empty: none")
	var origins []string
	fs.Func("origin", "also allow WebSockets from Origin hosts matching `pattern` (path.Match syntax, such as '*.example.com'); repeatable or comma-separated", func(v string) error {
		for p := range strings.SplitSeq(v, ",") {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			if _, err := path.Match(p, ""); err != nil {
				return fmt.Errorf("pattern %q: %w", p, err)
			}
			origins = append(origins, p)
		}
		return nil
	})
	readLimit := fs.Int64("read-limit", 0, "largest message accepted, in `bytes` (0: 64 MiB; negative: no limit)")
	maxConns := fs.Int("max-conns", 0, "at most `n` concurrent WebSocket connections (0: 1000; negative: no bound)")
	memoryBudget := fs.Int64("memory-budget", 0, "bytes of message data held across all connections (0: 128 MiB; see package server's limits)")
	messageTimeout := fs.Duration("message-timeout", 0, "longest time one message may take to arrive, first frame to last (0: 1m)")
	resumeStore := fs.String("resume-store", "memory", resumeStoreUsage)
	verbose := fs.Bool("v", false, "log every connection (debug level)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: wasmws serve [flags]\n\n"+
			"Runs the echo and test server: WebSocket echo at /echo (query parameters\n"+
			"inject faults; see the documentation of package server), /healthz, and\n"+
			"static files. SIGINT or SIGTERM shuts it down gracefully.\n\n"+
			"Clients that offer wasmws.resume.v1 get resumable sessions; with\n"+
			"-resume-store redis://HOST:PORT/DB, several servers sharing one Redis\n"+
			"resume each other's sessions.\n\n"+
			"Exit status: 0 after a graceful shutdown, 1 when it cannot listen (the\n"+
			"address in use) or the shutdown fails, 2 on a usage error.\n\nflags:\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if err := checkAddr(*addr); err != nil {
		return &usageError{fmt.Sprintf("serve: -addr %q: %v", *addr, err)}
	}

	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if *web != "" {
		if fi, err := os.Stat(*web); err != nil || !fi.IsDir() {
			log.Warn("web directory not found: static files will be 404", "dir", *web)
		}
	}

	store, closeStore, err := openResumeStore(ctx, *resumeStore, log)
	if err != nil {
		return &usageError{"serve: " + err.Error()}
	}
	if closeStore != nil {
		defer closeStore.Close()
	}
	s := server.New(server.Options{
		ResumeStore:    store,
		WebDir:         *web,
		OriginPatterns: origins,
		ReadLimit:      *readLimit,
		MaxConns:       *maxConns,
		MemoryBudget:   *memoryBudget,
		MessageTimeout: *messageTimeout,
		Logger:         log,
	})
	srv := s.HTTPServer(*addr)
	ln, err := new(net.ListenConfig).Listen(ctx, "tcp", *addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("serve: %s is in use (by an earlier wasmws serve or make run?): stop that server, or choose another address with -addr (make run ADDR=host:port); port 0 picks a free one", *addr)
	}
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	where := displayAddr(ln.Addr())
	// The start line goes to stdout, where scripts read it (bench/cmd/benchrun
	// does), in the format of every other line the server logs on stderr.
	slog.New(slog.NewTextHandler(stdout, nil)).Info(fmt.Sprintf("serving http://%s/ (echo at ws://%s/echo)", where, where))

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}

	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	// WebSockets are hijacked, so srv.Shutdown would not wait for them.
	err = errors.Join(s.Shutdown(sctx), srv.Shutdown(sctx))
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// checkAddr reports an -addr that no listener could take: not host:port, or
// a port that is neither a number from 0 to 65535 nor a service name.
func checkAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return errors.New("want host:port, such as 127.0.0.1:9998 or :9998")
	}
	if _, err := net.LookupPort("tcp", port); err != nil {
		return fmt.Errorf("port %q: want a number from 0 to 65535", port)
	}
	return nil
}

// displayAddr returns addr as a client would dial it: an unspecified IP
// (as in ":9998") becomes localhost.
func displayAddr(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
