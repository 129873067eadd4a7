//go:build !js

package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// screenshotPath is where TestDemo saves its screenshot, relative to the
// package: test-output/ at the root of the repository (git-ignored).
const screenshotPath = "../test-output/demo.png"

// TestDemo uses web/index.html as a person would: it connects a
// ReconnectingWebSocket, sends a message and sees its echo in the log, drops
// the connection with the server's fault and sees it reconnect, sends again,
// then saves a screenshot. Any console error fails it.
func TestDemo(t *testing.T) {
	p := openPage(t, "/index.html", waitFor("document.body.dataset.ready === 'true'"))
	if err := chromedp.Do(p.ctx, chromedp.EmulateViewport(1100, 1250)); err != nil {
		t.Fatal(err)
	}
	click := func(sel string) {
		t.Helper()
		if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("clicking %s: %v", sel, err)
		}
	}
	logHas := func(text string, n int) string {
		return "[...document.querySelectorAll('#log li')].filter((li) => li.textContent.includes(" +
			strconv.Quote(text) + ")).length >= " + strconv.Itoa(n)
	}

	click("#connect")
	eval[bool](p, waitFor("document.getElementById('state').textContent === 'open'"))

	if err := chromedp.Do(p.ctx, chromedp.SetValue(chromedp.CSS("#text"), "hello from the test")); err != nil {
		t.Fatal(err)
	}
	click("#send-text")
	eval[bool](p, waitFor(logHas("echo: hello from the test", 1)))

	click("#send-binary")
	eval[bool](p, waitFor(logHas("echo: 1024 bytes (binary", 1)))

	click("#fault-drop")
	eval[bool](p, waitFor(logHas(`close 1000 "reconnect" clean`, 1)))
	eval[bool](p, waitFor(logHas("echo: probe", 1)))
	eval[bool](p, waitFor(logHas("close 1006", 1)))
	eval[bool](p, waitFor(logHas("reconnecting: attempt", 1)))
	// Opened three times: at first, after the drop fault's reconnect, and
	// after the drop.
	eval[bool](p, waitFor(logHas("open ws://", 3)+" && document.getElementById('state').textContent === 'open'"))

	if err := chromedp.Do(p.ctx, chromedp.SetValue(chromedp.CSS("#text"), "back again")); err != nil {
		t.Fatal(err)
	}
	click("#send-text")
	eval[bool](p, waitFor(logHas("echo: back again", 1)))
	// Let the chart draw a few samples.
	eval[bool](p, "new Promise((r) => setTimeout(() => r(true), 1200))")

	png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(screenshotPath), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(screenshotPath, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", screenshotPath)

	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
}

// waitFor returns a JavaScript expression: a promise that resolves to true
// once cond is true (checked every 50 ms), or rejects after 20 seconds.
func waitFor(cond string) string {
	return `new Promise((resolve, reject) => {
		const start = performance.now();
		const check = () => {
			if (` + cond + `) {
				resolve(true);
			} else if (performance.now() - start > 20000) {
				reject(new Error('timed out waiting for: ' + ` + strconv.Quote(cond) + `));
			} else {
				setTimeout(check, 50);
			}
		};
		check();
	})`
}
