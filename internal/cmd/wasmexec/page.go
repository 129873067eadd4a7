//go:build !js

package main

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/inspector"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/wasmws/wasmws/internal/browser"
)

// bindingName is the function the harness calls to report; see harness.js.
const bindingName = "__wasmexec"

// errBrowserGone is the error when the browser ends before the program.
var errBrowserGone = errors.New("the browser exited before the program did")

// runPage starts a browser, loads the harness page from pageURL and relays
// what the page reports until the program exits.
func (r *runner) runPage(ctx context.Context, pageURL string) error {
	q := newQueue()
	opts := &browser.Options{
		Console: func(kind, text string) {
			q.push(event{kind: eventConsole, sub: kind, text: text})
		},
	}
	if r.verbose {
		opts.Output = r.stderr
	}
	bctx, cancel, err := browser.New(ctx, opts)
	if err != nil {
		return stopped(ctx, err)
	}
	defer func() {
		cancel()
		r.logf("browser closed")
	}()
	r.logf("browser started")

	// chromedp calls this listener and the console's in the order the
	// browser sent the events, so output, console messages and the exit
	// reach the queue in the order the page produced them.
	err = chromedp.Listen(bctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventBindingCalled:
			if ev.Name == bindingName {
				q.push(event{kind: eventReport, text: ev.Payload})
			}
		case *inspector.EventTargetCrashed:
			q.push(event{kind: eventCrash})
		case *inspector.EventDetached:
			q.push(event{kind: eventDetach, text: ev.Reason})
		}
	})
	if err != nil {
		return stopped(ctx, err)
	}
	if _, err := chromedp.Call(bctx, runtime.AddBinding, runtime.AddBindingParams{Name: bindingName}); err != nil {
		return stopped(ctx, fmt.Errorf("adding the binding: %w", err))
	}
	// chromedp enables the Network domain, which makes Chromium copy every
	// WebSocket frame, base64-encoded, into a DevTools event: tests that move
	// MiBs would measure the debugger, not the code (plain JS echoed 1 MiB
	// messages at 10 MB/s with it on, 149-185 MB/s off; bench/README.md).
	if _, err := chromedp.Call(bctx, network.Disable, cdp.Empty{}); err != nil {
		return stopped(ctx, fmt.Errorf("disabling network tracing: %w", err))
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(pageURL)); err != nil {
		return stopped(ctx, fmt.Errorf("loading %s: %w", pageURL, err))
	}
	r.logf("page loaded")

	for {
		select {
		case <-q.ready:
		case <-bctx.Done():
			// Show what the page said before the end, then why it ended.
			if done, err := r.handle(q.take()); done {
				return err
			}
			return stopped(ctx, errBrowserGone)
		}
		if done, err := r.handle(q.take()); done {
			return err
		}
	}
}

// stopped returns the reason ctx ended (a timeout or a signal), or else err.
func stopped(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return err
}

// handle relays events, and reports done with the result of the run when
// one of them ends it.
func (r *runner) handle(events []event) (done bool, err error) {
	for _, ev := range events {
		switch ev.kind {
		case eventReport:
			if done, err := r.report(ev.text); done {
				return true, err
			}
		case eventConsole:
			fmt.Fprintf(r.stderr, "wasmexec: console.%s: %s\n", ev.sub, ev.text)
			if ev.sub == browser.KindException {
				first, _, _ := strings.Cut(ev.text, "\n")
				return true, fmt.Errorf("uncaught exception in the page: %s", first)
			}
		case eventCrash:
			return true, errors.New("the page crashed (out of memory?)")
		case eventDetach:
			return true, fmt.Errorf("the browser detached from the page: %s", ev.text)
		}
	}
	return false, nil
}

// report handles one record of the harness (see harness.js), and reports
// done with the program's result when the record ends the run.
func (r *runner) report(record string) (done bool, err error) {
	if record == "" {
		return true, errors.New("empty report from the harness")
	}
	tag, value := record[0], record[1:]
	switch tag {
	case '1', '2':
		b, err := base64.StdEncoding.DecodeString(value)
		if err != nil {
			return true, fmt.Errorf("bad output report from the harness: %w", err)
		}
		w := r.stdout
		if tag == '2' {
			w = r.stderr
		}
		if _, err := w.Write(b); err != nil {
			return true, fmt.Errorf("writing the program's output: %w", err)
		}
		return false, nil
	case 'x':
		code, err := strconv.Atoi(value)
		if err != nil {
			return true, fmt.Errorf("bad exit code %q from the harness", value)
		}
		r.logf("program exited with code %d", code)
		if code != 0 {
			return true, exitCode(code)
		}
		return true, nil
	case 'e':
		b, _ := base64.StdEncoding.DecodeString(value)
		return true, fmt.Errorf("running the program: %s", strings.ReplaceAll(string(b), "\n", " "))
	}
	return true, fmt.Errorf("unknown report %q from the harness", tag)
}
