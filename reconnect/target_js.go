//go:build js && wasm

package reconnect

import (
	"strconv"
	"strings"

	"github.com/hack-pad/safejs"
	"github.com/wasmws/wasmws/internal/errtree"
	"github.com/wasmws/wasmws/sdk"
)

// canPing: page code cannot send protocol pings.
const canPing = false

// acceptsHeaders: page code cannot set handshake headers.
const acceptsHeaders = false

// tailIsFinal reports whether a closed connection's bufferedAmount is exactly
// what never left. When the SDK closed the connection and the closing
// handshake did not complete, the SDK stopped waiting after CloseTimeout and
// reported the connection Closed while the browser's WebSocket may still be
// sending its buffered data: then the tail is not final and nothing may be
// replayed. Otherwise (the peer or the network ended it, or our handshake
// completed) the browser has stopped sending; see "WebAssembly" in the package
// documentation for what Chromium's bufferedAmount then holds.
func tailIsFinal(closedBySDK, wasClean bool) bool { return !closedBySDK || wasClean }

// checkURL resolves url against the page's base URL (location.href, in a
// window or a worker) as the WebSocket constructor does, then applies the
// WebSocket URL rules to the result.
func checkURL(url string) (string, error) {
	global := safejs.Global()
	ctor, err := global.Get("URL")
	if err != nil || ctor.IsUndefined() {
		return sdk.ParseURL(url)
	}
	args := []any{url}
	if loc, err := global.Get("location"); err == nil && !loc.IsUndefined() {
		if href, err := loc.Get("href"); err == nil && href.Type() == safejs.TypeString {
			args = append(args, href)
		}
	}
	u, err := ctor.New(args...)
	if err != nil {
		return "", errtree.Wrap(sdk.ErrSyntax, "URL "+strconv.Quote(url)+": "+strings.TrimPrefix(err.Error(), "JavaScript error: "))
	}
	href, err := u.Get("href")
	if err != nil {
		return "", err
	}
	s, err := href.String()
	if err != nil {
		return "", err
	}
	if _, err := sdk.ParseURL(s); err != nil {
		return "", err
	}
	return url, nil // the browser's WebSocket resolves it again, the same way
}
