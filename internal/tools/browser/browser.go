//go:build !js

package browser

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"

	"github.com/chromedp/chromedp"
)

// Options configures [New]. The zero value, like a nil *Options, means the
// defaults; every field's zero value means the default stated beside it. New
// reads the struct and never changes it.
type Options struct {
	// ExecPath is the Chromium binary. Empty means the result of [ExecPath].
	ExecPath string

	// Flags adds command-line switches, or changes the ones New sets. A key
	// is a switch name without the leading "--"; a value is a string (for
	// --name=value) or a bool (true for a bare --name, false to remove a
	// switch New would set). Nil means none.
	Flags map[string]any

	// Console, when not nil, receives the console of the first tab, as
	// [ForwardConsole] describes, from the moment New returns. Nil means the
	// console is not forwarded.
	Console func(kind, text string)

	// Output, when not nil, receives the browser process's own stdout and
	// stderr (Chromium's log lines). Nil discards them; they are still shown in
	// the error when the browser fails to start.
	Output io.Writer
}

// requiredFlags are the switches every browser gets on top of chromedp's
// defaults. Without the network ones Chromium stalls on lookups that a machine
// without internet access never answers.
var requiredFlags = map[string]any{
	"headless":                      true,
	"no-sandbox":                    true, // we run as root in containers
	"disable-gpu":                   true,
	"disable-quic":                  true,
	"no-first-run":                  true,
	"disable-background-networking": true,
	"disable-component-update":      true,
	"disable-sync":                  true,
	"disable-domain-reliability":    true,
	"no-pings":                      true,
}

// New starts headless Chromium and returns a chromedp context whose target is
// the browser's first tab (about:blank), and a cancel func that closes the
// browser, waits for it to exit and removes its profile. The browser lives
// until cancel is called or ctx ends.
//
// It runs with chromedp's default switches plus --headless --no-sandbox
// --disable-gpu --disable-quic --no-first-run --disable-background-networking
// --disable-component-update --disable-sync (and opts.Flags), and with a fresh
// temporary --user-data-dir and $TMPDIR, both removed by cancel. The browser
// is started before New returns, so a missing or broken Chromium is
// reported here, not by the first action.
func New(ctx context.Context, opts *Options) (context.Context, context.CancelFunc, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.ExecPath == "" {
		path, err := ExecPath()
		if err != nil {
			return nil, nil, err
		}
		o.ExecPath = path
	}

	allocOpts := slices.Clone(chromedp.DefaultExecAllocatorOptions[:])
	allocOpts = append(allocOpts, chromedp.ExecPath(o.ExecPath))
	flags := maps.Clone(requiredFlags)
	maps.Copy(flags, o.Flags)
	for _, name := range slices.Sorted(maps.Keys(flags)) {
		allocOpts = append(allocOpts, chromedp.Flag(name, flags[name]))
	}
	if o.Output != nil {
		allocOpts = append(allocOpts, chromedp.CombinedOutput(o.Output))
	}

	// Chromium leaves a directory org.chromium.Chromium.* in $TMPDIR behind
	// whenever it is killed, which is how chromedp ends it: give it a
	// $TMPDIR of its own and remove that.
	tmp, err := chromiumTempDir()
	if err != nil {
		return nil, nil, err
	}
	allocOpts = append(allocOpts, chromedp.Env("TMPDIR="+tmp))

	// The allocator owns the process and the temporary profile: chromedp
	// creates the directory, and its cancel func waits until the process has
	// exited and the directory is gone.
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, allocOpts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	cancel := func() {
		cancelTab()
		cancelAlloc()
		os.RemoveAll(tmp)
	}

	if o.Console != nil {
		err = ForwardConsole(tabCtx, o.Console)
	} else {
		err = chromedp.Do(tabCtx)
	}
	if err != nil {
		cancel()
		return nil, nil, fmt.Errorf("browser: starting %s: %w", o.ExecPath, err)
	}
	return tabCtx, cancel, nil
}

// maxTempDirLen keeps Chromium's socket path,
// TMPDIR/org.chromium.Chromium.XXXXXX/SingletonSocket, under the 107 bytes
// of a Unix socket's name: Chromium refuses to start with a longer one.
const maxTempDirLen = 60

// chromiumTempDir creates the $TMPDIR of one Chromium, under $TMPDIR when
// that is short enough, else under /tmp.
func chromiumTempDir() (string, error) {
	dir, err := os.MkdirTemp("", "wasmws-chromium-*")
	if err != nil || len(dir) <= maxTempDirLen {
		return dir, err
	}
	os.Remove(dir)
	return os.MkdirTemp("/tmp", "wasmws-chromium-*")
}
