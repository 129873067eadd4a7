//go:build !js

package main

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	"github.com/wasmws/wasmws/sdk"
)

// runDial is "wasmws dial": it connects to a WebSocket server and sends
// stdin, as lines typed at a prompt or piped in, printing what it receives.
func runDial(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseDialFlags(args, stdout, stderr)
	if err != nil {
		return err
	}
	interactive := cfg.file == "" && !cfg.binary && isTerminal(os.Stdin)
	out := &printer{
		stdout:      stdout,
		stderr:      stderr,
		interactive: interactive,
		prompt:      interactive && isTerminal(os.Stdout) && !cfg.json,
		json:        cfg.json,
		binaryOut:   cfg.binaryOut,
		quiet:       cfg.quiet,
		now:         time.Now,
	}
	return dial(ctx, cfg, os.Stdin, out)
}

// isTerminal reports whether f is a terminal: a character device other than
// /dev/null, without dependencies beyond os.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(fi, null)
}

// dial runs one session: it connects, sends the input, receives until the
// input has ended and -n messages have come, then closes cleanly. It returns
// nil after a clean close.
func dial(ctx context.Context, cfg *dialConfig, in io.Reader, out *printer) error {
	url, err := sdk.ParseURL(cfg.url)
	if err != nil {
		return &usageError{"dial: " + err.Error()}
	}
	s, err := open(ctx, cfg, url, out)
	if err != nil {
		return err
	}
	if out.interactive {
		out.status("type a line to send it; Ctrl-D or Ctrl-C closes the connection")
	}

	replied := make(chan struct{}) // closed once cfg.replies messages came
	recvDone := make(chan error, 1)
	go func() { recvDone <- receiveAll(s, out, cfg.replies, replied) }()
	inputDone := make(chan error, 1)
	go func() { inputDone <- sendInput(ctx, s, cfg, in, out) }()

	select {
	case err = <-inputDone:
	case err = <-recvDone:
		out.hidePrompt()
		return s.result(err)
	case <-ctx.Done():
	}
	out.hidePrompt()
	switch {
	case errors.Is(err, errSessionEnded):
		return s.result(<-recvDone)
	case err != nil:
		_ = s.close()
		<-recvDone
		return err
	}
	if cfg.replies > 0 {
		select {
		case <-replied:
		case err := <-recvDone:
			return s.result(err)
		case <-ctx.Done():
		}
	}
	err = s.close()
	<-recvDone
	return err
}

// open connects as cfg says: a reconnecting client, or one connection.
func open(ctx context.Context, cfg *dialConfig, url string, out *printer) (session, error) {
	if cfg.noReconnect {
		return openConn(ctx, cfg, url, cfg.sdkOptions(), out)
	}
	opts := cfg.reconnectOptions()
	if cfg.file != "" {
		// The outbox must hold the whole file.
		fi, err := os.Stat(cfg.file)
		if err != nil {
			return nil, err
		}
		opts.MaxQueuedBytes = max(opts.MaxQueuedBytes, fi.Size())
	}
	return openReconnect(ctx, cfg, url, opts, out)
}

// receiveAll prints every received message until the session ends, and
// closes replied once n have come (n > 0). It returns Receive's final error.
func receiveAll(s session, out *printer, n int, replied chan<- struct{}) error {
	count := 0
	for {
		typ, p, err := s.Receive(context.Background())
		if err != nil {
			return err
		}
		out.message(typ, p)
		if count++; count == n {
			close(replied)
		}
	}
}
