//go:build !js

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wasmws/wasmws/internal/errtree"
	"github.com/wasmws/wasmws/sdk"
)

// runDial is "wasmws dial": it connects to a WebSocket server and sends
// stdin, as lines typed at a prompt or piped in, printing what it receives.
func runDial(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseDialFlags(args, stdout, stderr)
	if err != nil {
		return err
	}
	if err := cfg.loadTLSFiles(); err != nil {
		return err
	}
	readsLines := len(cfg.execute) == 0 && cfg.file == "" && !cfg.binary
	interactive := readsLines && isTerminal(os.Stdin)
	out := &printer{
		stdout:      stdout,
		stderr:      stderr,
		interactive: interactive,
		escape:      isTerminal(os.Stdout),
		json:        cfg.json,
		binaryOut:   cfg.binaryOut,
		quiet:       cfg.quiet,
		now:         time.Now,
	}
	var lines lineReader = newPipeLines(os.Stdin)
	if interactive && !cfg.json && isTerminal(os.Stdout) && stdout == io.Writer(os.Stdout) {
		ed, err := startEditor(os.Stdin, os.Stdout)
		if err != nil {
			return err
		}
		defer ed.stop()
		lines, out.stdout, out.stderr = ed, ed, ed
	}
	return dial(ctx, cfg, os.Stdin, lines, out, time.After)
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

// dial runs one session: it connects, sends the input, prints what it
// receives until the input has ended and the wait is over (see waitReplies),
// then closes cleanly. It returns nil after a clean close. after is
// time.After, or a test's stand-in.
func dial(ctx context.Context, cfg *dialConfig, in io.Reader, lines lineReader, out *printer, after func(time.Duration) <-chan time.Time) error {
	url, err := sdk.ParseURL(cfg.url)
	if err != nil {
		return &usageError{"dial: " + errtree.Nested(err)}
	}
	s, err := open(ctx, cfg, url, out)
	if err != nil {
		return err
	}
	if out.interactive {
		out.status("type a line to send it; /help lists the commands; Ctrl-D or Ctrl-C closes the connection")
	}

	recv := newReceiver()
	recvDone := make(chan error, 1)
	go func() { recvDone <- recv.run(s, out) }()
	inputDone := make(chan error, 1)
	byUser := &closeTracker{session: s}
	go func() { inputDone <- sendInput(ctx, byUser, cfg, in, lines, out) }()

	select {
	case err = <-inputDone:
	case err = <-recvDone:
		if !byUser.requested.Load() {
			return serverEnded(s, err, recv, cfg, out)
		}
		// /close ended the session: the input says how the close went.
		err = <-inputDone
		recvDone <- nil // for the <-recvDone below
	case <-ctx.Done():
		err = closeSession(s)
		<-recvDone
		return err
	}
	var byCommand *closedByCommand
	switch {
	case errors.Is(err, errSessionEnded):
		return serverEnded(s, <-recvDone, recv, cfg, out)
	case errors.As(err, &byCommand):
		<-recvDone
		return byCommand.err
	case err != nil:
		_ = closeSession(s)
		<-recvDone
		return err
	}
	waitErr := error(nil)
	if !out.interactive || cfg.replies > 0 {
		var ended bool
		ended, waitErr = waitReplies(ctx, recv, recvDone, cfg, after)
		if ended {
			return serverEnded(s, waitErr, recv, cfg, out)
		}
	}
	err = closeSession(s)
	<-recvDone
	return errors.Join(waitErr, err)
}

// serverEnded returns the command's result for a session that ended
// without our close, with err the error Receive ended with. A clean close by
// the server (1000) is a status line, and an error if fewer than -n
// messages came; any other end is the session's error.
func serverEnded(s session, err error, recv *receiver, cfg *dialConfig, out *printer) error {
	if res := s.result(err); res != nil {
		return res
	}
	if n := recv.count(); n < cfg.replies {
		return fmt.Errorf("the server closed the connection (%s) after %d of the %d messages -n asks for", describe(err), n, cfg.replies)
	}
	out.status("the server closed the connection (%s)", describe(err))
	return nil
}

// waitReplies waits, once the input has ended, until cfg.replies messages
// have come in all (if set), or none has come for cfg.wait (if not 0), or
// ctx ends. If the session ends first, it returns true and Receive's
// error. Fewer than cfg.replies messages is an error.
func waitReplies(ctx context.Context, recv *receiver, recvDone <-chan error, cfg *dialConfig, after func(time.Duration) <-chan time.Time) (ended bool, err error) {
	var quiet <-chan time.Time
	for {
		n := recv.count()
		if cfg.replies > 0 && n >= cfg.replies {
			return false, nil
		}
		if cfg.replies == 0 && cfg.wait == 0 {
			return false, nil
		}
		if cfg.wait > 0 {
			quiet = after(cfg.wait) // from the last message
		}
		select {
		case <-recv.arrived:
		case err := <-recvDone:
			return true, err
		case <-ctx.Done():
			return false, nil
		case <-quiet:
			if cfg.replies > 0 {
				return false, fmt.Errorf("%d of the %d messages -n asks for came; then none for %v (--wait)", n, cfg.replies, cfg.wait)
			}
			return false, nil
		}
	}
}

// closeTracker is the session as the input sees it: it records that the
// user asked to close (/close), so that the session ending under the input
// is not taken for the server's doing.
type closeTracker struct {
	session
	requested atomic.Bool
}

// closeWith records the request, unless code or reason is not allowed (then
// the session stays open), before the session can end under the input.
func (t *closeTracker) closeWith(code sdk.StatusCode, reason string) error {
	if err := sdk.ValidateClose(code, reason); err != nil {
		return err
	}
	t.requested.Store(true)
	return t.session.closeWith(code, reason)
}

// receiver prints every received message and counts them.
type receiver struct {
	arrived chan struct{} // a message came since the last look (capacity 1)

	mu sync.Mutex
	n  int
}

func newReceiver() *receiver { return &receiver{arrived: make(chan struct{}, 1)} }

// run prints messages until the session ends and returns Receive's final
// error.
func (r *receiver) run(s session, out *printer) error {
	for {
		typ, p, err := s.Receive(context.Background())
		if err != nil {
			return err
		}
		out.message(typ, p)
		r.mu.Lock()
		r.n++
		r.mu.Unlock()
		select {
		case r.arrived <- struct{}{}:
		default:
		}
	}
}

// count returns the number of messages received.
func (r *receiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

// open connects as cfg says: a reconnecting client, or one connection.
func open(ctx context.Context, cfg *dialConfig, url string, out *printer) (session, error) {
	var fileSize int64
	if cfg.file != "" {
		// Before connecting, and in both modes: a file that cannot be sent is
		// a usage error.
		fi, err := os.Stat(cfg.file)
		if pe := (*os.PathError)(nil); errors.As(err, &pe) {
			err = pe.Err
		}
		if err == nil && fi.IsDir() {
			err = errors.New("is a directory")
		}
		if err != nil {
			return nil, &usageError{fmt.Sprintf("dial: --file %s: %v", cfg.file, err)}
		}
		fileSize = fi.Size()
	}
	if cfg.noReconnect {
		return openConn(ctx, cfg, url, cfg.sdkOptions(), out)
	}
	opts := cfg.reconnectOptions()
	// The outbox must hold the whole file.
	opts.MaxQueuedBytes = max(opts.MaxQueuedBytes, fileSize)
	return openReconnect(ctx, cfg, url, opts, out)
}
