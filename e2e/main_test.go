//go:build !js

package e2e

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wasmws/wasmws/internal/tools/browser"
	"github.com/wasmws/wasmws/internal/tools/wasmpack"
	"github.com/wasmws/wasmws/server"
)

// env is what TestMain sets up for every test: the server and the browser.
var env struct {
	webDir  string          // a copy of web/ with the module built, and testdata/ as test/
	baseURL string          // the server's http://host:port
	browser context.Context // the browser; each test opens tabs in it
}

func TestMain(m *testing.M) {
	code, err := setup(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		code = 1
	}
	os.Exit(code)
}

// setup builds the module into a copy of web/, starts the server and the
// browser, and runs the tests.
func setup(m *testing.M) (int, error) {
	dir, err := os.MkdirTemp("", "wasmws-e2e-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	if err := buildWeb(dir); err != nil {
		return 0, err
	}
	env.webDir = dir

	baseURL, stop := serveDir(dir, withReports) // engines_test.go
	defer stop()
	env.baseURL = baseURL

	// --expose-gc lets the benchmark collect garbage between runs.
	bctx, cancel, err := browser.New(context.Background(), &browser.Options{
		Flags: map[string]any{"js-flags": "--expose-gc"},
	})
	if err != nil {
		return 0, err
	}
	defer cancel()
	env.browser = bctx
	return m.Run(), nil
}

// buildWeb copies web/ (its sources) and testdata/ (as test/) into dir, builds
// wasmws.wasm there as the Makefile does, and copies the Go runtime's
// wasm_exec.js.
func buildWeb(dir string) error {
	// The module and wasm_exec.js are built below; the .br and .gz variants a
	// make build left beside web's files are not copied, since the server
	// would serve a stale variant instead of an edited wasmws.js.
	if err := copyDir("../web", dir, func(name string) bool {
		return name != "wasmws.wasm" && name != "wasm_exec.js" &&
			!strings.HasSuffix(name, ".br") && !strings.HasSuffix(name, ".gz")
	}); err != nil {
		return err
	}
	if err := copyDir("testdata", filepath.Join(dir, "test"), func(string) bool { return true }); err != nil {
		return err
	}
	module := filepath.Join(dir, "wasmws.wasm")
	args := append(append([]string{"build"}, wasmpack.WebBuildFlags()...), "-o", module, "../wasm")
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the module: %v\n%s", err, out)
	}
	if _, err := wasmpack.PackFile(module, module, wasmpack.WebOptions()); err != nil {
		return fmt.Errorf("packing the module: %w", err)
	}
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %v", err)
	}
	root := strings.TrimSpace(string(out))
	return copyFile(filepath.Join(root, "lib", "wasm", "wasm_exec.js"), filepath.Join(dir, "wasm_exec.js"))
}

// copyDir copies the regular files of src for which keep reports true into
// dst, not recursively.
func copyDir(src, dst string, keep func(name string) bool) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		if e.Type().IsRegular() && keep(e.Name()) {
			if err := copyFile(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// serveDir serves dir's files and /echo through the bundled server, its
// handler wrapped by wrap when wrap is not nil, and returns the server's URL
// and the function that shuts it down.
func serveDir(dir string, wrap func(http.Handler) http.Handler) (string, func()) {
	srv := server.New(server.Options{WebDir: dir})
	var h http.Handler = srv
	if wrap != nil {
		h = wrap(srv)
	}
	hs := httptest.NewServer(h)
	return hs.URL, func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		hs.Close()
	}
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// page is one browser tab with a page loaded, and the console messages it
// wrote.
type page struct {
	t   testing.TB
	ctx context.Context

	mu      sync.Mutex
	console []string
}

// pageTimeout bounds the life of a tab, benchmarks included.
const pageTimeout = 30 * time.Minute

// openPage opens path (such as "/test/index.html") in a new tab and waits for
// ready, a JavaScript expression whose value (a promise, maybe) says it is
// ready. The tab closes when the test ends.
func openPage(t testing.TB, path, ready string) *page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(env.browser)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, pageTimeout)
	t.Cleanup(cancelTimeout)
	p := &page{t: t, ctx: ctx}
	if err := browser.ForwardConsole(ctx, p.record); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(env.baseURL+path)); err != nil {
		t.Fatalf("loading %s: %v", path, err)
	}
	if ready != "" {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](ready, chromedp.EvalAwaitPromise)); err != nil {
			t.Fatalf("%s: waiting for %s: %v\nconsole:\n%s", path, ready, err, p.consoleText())
		}
	}
	return p
}

func (p *page) record(kind, text string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.console = append(p.console, kind+": "+text)
}

// consoleText returns what the page wrote to its console so far.
func (p *page) consoleText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.console, "\n")
}

// consoleErrors returns the console messages that are errors or exceptions.
func (p *page) consoleErrors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var errs []string
	for _, line := range p.console {
		kind, _, _ := strings.Cut(line, ": ")
		if kind == "error" || kind == browser.KindException || kind == "browser.error" || kind == "assert" {
			errs = append(errs, line)
		}
	}
	return errs
}

// eval evaluates a JavaScript expression, awaiting it if it is a promise,
// and decodes its JSON value into T.
func eval[T any](p *page, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		var ee *chromedp.ExceptionError
		if errors.As(err, &ee) {
			p.t.Fatalf("evaluating %s: %v\nconsole:\n%s", expr, err, p.consoleText())
		}
		p.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// testPage opens the e2e page and waits until wasmws has loaded.
func testPage(t testing.TB) *page {
	t.Helper()
	return openPage(t, "/test/index.html", "window.e2e.ready")
}
