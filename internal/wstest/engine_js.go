//go:build js && wasm

package wstest

import (
	"strings"

	"github.com/hack-pad/safejs"
)

// Engine names the target a test runs on: "chromium", "firefox" or
// "webkit" in a browser (from navigator.userAgent), "native" natively. The
// suites use it to assert what the SDK documents for an engine whose
// behaviour it cannot normalise; the SDK itself detects behaviour, never
// the user agent.
func Engine() string {
	nav, err := safejs.Global().Get("navigator")
	if err != nil || nav.Type() != safejs.TypeObject {
		return "browser"
	}
	v, err := nav.Get("userAgent")
	if err != nil {
		return "browser"
	}
	ua, _ := v.String()
	switch {
	case strings.Contains(ua, "Firefox/"):
		return "firefox"
	case strings.Contains(ua, "Chrome/") || strings.Contains(ua, "Chromium/"):
		return "chromium"
	case strings.Contains(ua, "AppleWebKit/"):
		return "webkit"
	}
	return "browser"
}
