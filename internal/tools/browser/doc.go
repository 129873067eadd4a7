//go:build !js

// Package browser starts headless browsers for tests, benchmarks and the
// GOOS=js runner (`wasmws exec`): Chromium through
// [github.com/chromedp/chromedp], Firefox over WebDriver BiDi, and WebKit
// (WebKitGTK's MiniBrowser) over classic WebDriver on a virtual display. The
// two WebDriver clients are small ones of this package, on
// [github.com/coder/websocket] and net/http.
//
// # Any engine: Start
//
// [Start] starts an engine by name ([Chromium], [Firefox], [WebKit]) and
// returns a [Browser] that opens pages one after another, so one browser can
// serve many runs:
//
//	b, err := browser.Start(ctx, browser.Firefox, nil)
//	if err != nil {
//		return err // wraps ErrNotFound, naming the package, when it is missing
//	}
//	defer b.Close()
//	page, err := b.Open(ctx, url)
//
// Chromium runs headless with a fresh temporary profile. Firefox runs
// headless (`--headless --remote-debugging-port 0`) with a fresh profile and
// prefs that stop its network probes; it serves BiDi itself, no geckodriver.
// WebKit has no headless mode: Start runs Xvfb (-displayfd picks a free
// display), WebKitWebDriver on a free port, and a session whose browser is
// MiniBrowser --automation; it has one window, so its pages take turns.
// Close ends every process (deleting the WebDriver session first, or
// MiniBrowser would outlive the driver) and removes the profiles. On Linux
// every process also gets SIGKILL when the process that started it dies.
//
// # Finding the programs
//
// Chromium: $WASMWS_CHROMIUM, then /usr/bin/chromium, then chromium,
// chromium-browser and google-chrome on $PATH ([ExecPath]); Debian package
// chromium. Firefox: $WASMWS_FIREFOX, then /usr/bin/firefox-esr, firefox-esr
// and firefox; package firefox-esr. WebKit: $WASMWS_WEBKIT_DRIVER or
// WebKitWebDriver, $WASMWS_MINIBROWSER or MiniBrowser under
// /usr/lib/*/webkit2gtk-4.1, and $WASMWS_XVFB or Xvfb; packages
// webkit2gtk-driver and xvfb. scripts/ensure-browsers.sh installs them.
//
// # Chromium with chromedp: New
//
// [New] starts Chromium with the switches that a machine without internet
// access needs (no background networking, no QUIC, no component updates, no
// sync), in a fresh temporary profile that its cancel func removes, and
// returns a chromedp context for its first tab:
//
//	ctx, cancel, err := browser.New(ctx, &browser.Options{
//		Console: func(kind, text string) { log.Printf("page %s: %s", kind, text) },
//	})
//	if err != nil {
//		return err
//	}
//	defer cancel()
//	err = chromedp.Do(ctx, chromedp.Navigate(url))
//
// [ForwardConsole] forwards the console of any other tab.
//
// The package is native only: every file is built with //go:build !js.
package browser
