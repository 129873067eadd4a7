//go:build !js

package browser

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The engines [Start] knows.
const (
	Chromium = "chromium" // headless Chromium over the DevTools protocol (chromedp)
	Firefox  = "firefox"  // headless Firefox over WebDriver BiDi
	WebKit   = "webkit"   // WebKitGTK's MiniBrowser over classic WebDriver, under Xvfb
)

// Engines lists the engines in the order `-browser all` runs them.
var Engines = []string{Chromium, Firefox, WebKit}

// ErrUnknownEngine is the error, wrapped, for an engine name [Start] does
// not know.
var ErrUnknownEngine = errors.New("browser: unknown engine")

// A Browser is a started browser engine that opens pages. Its methods are
// safe for concurrent use.
type Browser interface {
	// Engine returns the engine's name: Chromium, Firefox or WebKit.
	Engine() string

	// Open opens url in a new page and returns without waiting for it to
	// load.
	Open(ctx context.Context, url string) (Page, error)

	// Done is closed when the browser ended by itself (it crashed or was
	// killed); Close does not close it.
	Done() <-chan struct{}

	// Close ends the browser and every process it started, waits for them,
	// and removes its temporary files. It is safe to call more than once.
	Close() error
}

// A Page is one page opened by [Browser.Open].
type Page interface {
	// Close closes the page, or leaves it blank where the engine cannot
	// close it.
	Close(ctx context.Context) error
}

// A Profiler is a [Page] that can record a CPU profile of its JavaScript
// and WebAssembly. Only Chromium's pages are Profilers.
type Profiler interface {
	// StartProfile starts recording.
	StartProfile(ctx context.Context) error

	// StopProfile stops recording and returns the profile in the JSON
	// format of V8's .cpuprofile files (Chrome DevTools, speedscope and
	// `go tool pprof`-converters read it).
	StopProfile(ctx context.Context) ([]byte, error)
}

// StartOptions configures [Start]. The zero value, like a nil
// *StartOptions, means the defaults.
type StartOptions struct {
	// Output, when not nil, receives the browser's (and its driver's) own
	// log. Nil discards it.
	Output io.Writer
}

// Start starts the engine named engine (Chromium, Firefox or WebKit) with
// no page open yet. A missing engine gives an error that wraps
// [ErrNotFound] and says which package to install.
func Start(ctx context.Context, engine string, opts *StartOptions) (Browser, error) {
	var o StartOptions
	if opts != nil {
		o = *opts
	}
	switch engine {
	case Chromium:
		return startChromium(ctx, o)
	case Firefox:
		return startFirefox(ctx, o)
	case WebKit:
		return startWebKit(ctx, o)
	}
	return nil, fmt.Errorf("%w %q: want one of %s", ErrUnknownEngine, engine, strings.Join(Engines, ", "))
}
