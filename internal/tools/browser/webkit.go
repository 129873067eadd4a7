//go:build !js

package browser

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"time"

	"github.com/wasmws/wasmws/internal/freeport"
)

// Environment variables that name the WebKit programs, as paths or names
// on $PATH.
const (
	EnvWebKitDriver = "WASMWS_WEBKIT_DRIVER" // WebKitWebDriver
	EnvMiniBrowser  = "WASMWS_MINIBROWSER"   // WebKitGTK's MiniBrowser
)

// webkitStartTimeout bounds starting Xvfb, the driver and the session.
const webkitStartTimeout = 90 * time.Second

// webkit is WebKitGTK's MiniBrowser, which has no headless mode, on a
// virtual display (Xvfb), driven over classic WebDriver by WebKitWebDriver.
// It has one window: a page is the window, and Close leaves it blank.
type webkit struct {
	xvfb    *proc
	driver  *proc
	wd      *webDriver
	session string
	done    chan struct{} // closed when Xvfb or the driver exit
	mu      sync.Mutex    // one page at a time
	stuck   bool          // a page did not close: the window is unusable; under mu
	once    sync.Once
}

func startWebKit(ctx context.Context, o StartOptions) (_ Browser, err error) {
	driverPath, err := findExec("WebKitWebDriver", EnvWebKitDriver, "webkit2gtk-driver", "/usr/bin/WebKitWebDriver", "WebKitWebDriver")
	if err != nil {
		return nil, err
	}
	mini, err := findExec("MiniBrowser", EnvMiniBrowser, "webkit2gtk-driver",
		"/usr/lib/*/webkit2gtk-4.1/MiniBrowser", "/usr/lib/*/webkit2gtk-4.0/MiniBrowser", "/usr/libexec/webkit2gtk-4.1/MiniBrowser")
	if err != nil {
		return nil, err
	}
	out := o.Output
	if out == nil {
		out = io.Discard
	}
	ctx, cancel := context.WithTimeout(ctx, webkitStartTimeout)
	defer cancel()

	w := &webkit{done: make(chan struct{})}
	defer func() {
		if err != nil {
			w.Close()
		}
	}()
	var display string
	if w.xvfb, display, err = startXvfb(ctx, out); err != nil {
		return nil, err
	}
	if w.driver, w.wd, err = startWebKitDriver(ctx, driverPath, display, out, w.xvfb.done); err != nil {
		return nil, fmt.Errorf("browser: starting %s: %w", driverPath, err)
	}
	go func() {
		select {
		case <-w.xvfb.done:
		case <-w.driver.done:
		}
		close(w.done)
	}()
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"pageLoadStrategy": "none",
		"webkitgtk:browserOptions": map[string]any{
			"binary": mini,
			"args":   []string{"--automation"},
		},
	}}}
	var session struct {
		SessionID string `json:"sessionId"`
	}
	if err := w.wd.do(ctx, "POST", "/session", caps, &session); err != nil {
		return nil, fmt.Errorf("browser: WebKit: %w", err)
	}
	w.session = session.SessionID
	return w, nil
}

// errXvfbExited is the error of waitDriverReady when Xvfb exits first.
var errXvfbExited = errors.New("the X server (Xvfb) exited while the driver started")

// driverAttempts bounds the ports startWebKitDriver tries: a port found
// free may be taken before the driver binds it.
const driverAttempts = 5

// startWebKitDriver starts WebKitWebDriver on a free port of the loopback
// interface, on display, and waits until it answers. It tries another port
// when the driver exits while it starts, as it does when another process
// took its port. It fails if xvfbDone is closed meanwhile.
func startWebKitDriver(ctx context.Context, path, display string, out io.Writer, xvfbDone <-chan struct{}) (*proc, *webDriver, error) {
	var err error
	for range driverAttempts {
		var port int
		if port, err = freeport.Loopback(); err != nil {
			return nil, nil, err
		}
		cmd := exec.Command(path, "--host=127.0.0.1", "--port="+strconv.Itoa(port))
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		cmd.Stdout, cmd.Stderr = out, out
		var driver *proc
		if driver, err = startProc(cmd); err != nil {
			return nil, nil, err
		}
		wd := &webDriver{base: "http://127.0.0.1:" + strconv.Itoa(port)}
		if err = waitDriverReady(ctx, wd, driver, port, xvfbDone); err == nil {
			return driver, wd, nil
		}
		driver.stop()
		if !errors.Is(err, errExited) {
			return nil, nil, err
		}
	}
	return nil, nil, err
}

// waitDriverReady polls the driver's status until it answers on its port.
// Another process that took the port may answer first (another test's
// driver): the answer counts only once the port's listener is the
// driver's own (freeport.ListenedBy; on a system without /proc, any
// answer counts).
func waitDriverReady(ctx context.Context, wd *webDriver, driver *proc, port int, xvfbDone <-chan struct{}) error {
	for {
		if wd.do(ctx, "GET", "/status", nil, nil) == nil {
			ours, err := freeport.ListenedBy(driver.cmd.Process.Pid, port)
			if ours || errors.Is(err, freeport.ErrNoProc) {
				return nil
			}
		}
		select {
		case <-driver.done:
			return errExited
		case <-xvfbDone:
			return errXvfbExited // not errExited: another port would not help
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (w *webkit) Engine() string { return WebKit }

func (w *webkit) Done() <-chan struct{} { return w.done }

// Open loads url in the one window; it waits for the previous page to be
// closed.
func (w *webkit) Open(ctx context.Context, url string) (Page, error) {
	w.mu.Lock()
	if w.stuck {
		w.mu.Unlock()
		return nil, errStuck
	}
	if err := w.wd.do(ctx, "POST", "/session/"+w.session+"/url", map[string]any{"url": url}, nil); err != nil {
		w.mu.Unlock()
		return nil, fmt.Errorf("browser: WebKit: %w", err)
	}
	return &webkitPage{w: w}, nil
}

// Close deletes the session first (or MiniBrowser outlives the driver),
// then stops the driver and Xvfb.
func (w *webkit) Close() error {
	w.once.Do(func() {
		// MiniBrowser and its web processes: a page that never yields
		// keeps its web process spinning after everything else exits.
		var tree []int
		if w.driver != nil {
			tree = descendants(w.driver.cmd.Process.Pid)
		}
		defer killAll(tree)
		if w.session != "" {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			w.wd.do(ctx, "DELETE", "/session/"+w.session, nil, nil)
			cancel()
		}
		if w.driver != nil {
			w.driver.stop()
		}
		if w.xvfb != nil {
			w.xvfb.stop() // MiniBrowser, if still there, loses its display and exits
		}
	})
	return nil
}

// errStuck is the error of Open after a page that could not be left (it
// never yielded): only a new browser helps.
var errStuck = errors.New("browser: WebKit is stuck in the previous page (it never yielded); start a new browser")

// webkitPage is the window while it shows one page.
type webkitPage struct {
	w    *webkit
	once sync.Once
}

func (p *webkitPage) Close(ctx context.Context) error {
	var err error
	p.once.Do(func() {
		err = p.w.wd.do(ctx, "POST", "/session/"+p.w.session+"/url", map[string]any{"url": "about:blank"}, nil)
		if err != nil {
			p.w.stuck = true
		}
		p.w.mu.Unlock()
	})
	return err
}
