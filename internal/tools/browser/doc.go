//go:build !js

// Package browser starts headless Chromium for tests, benchmarks and the
// GOOS=js test runner, through [github.com/chromedp/chromedp].
//
// # Finding Chromium
//
// [ExecPath] looks for the binary: $WASMWS_CHROMIUM, then /usr/bin/chromium,
// then chromium, chromium-browser and google-chrome on $PATH. On Debian,
// install it with `apt-get install -y chromium`.
//
// # Starting it
//
// [New] starts a browser with the switches that a machine without internet
// access needs (no background networking, no QUIC, no component updates, no
// sync), in a fresh temporary profile that its cancel func removes, and returns
// a chromedp context for its first tab:
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
