package reconnect_test

import (
	"github.com/wasmws/wasmws/internal/wstest"
	"github.com/wasmws/wasmws/sdk"
)

// What the package documents for engines whose behaviour the SDK cannot
// normalise ("WebAssembly" in the package doc, docs/ENGINES.md). The same
// tests run on every target and assert, on such an engine, the documented
// behaviour.

// stallVisible reports whether a connection's BufferedAmount shows a peer
// that reads nothing (natively, Chromium, Firefox). WebKit hands every
// message to its network process whatever the peer reads: the water marks
// never stop the pump, and a closed connection's tail is 0.
var stallVisible = wstest.Engine() != "webkit"

// seenCloseCode returns the close code the Client sees when the server
// closes with code: WebKit fails the connection (1006) on 1012-1014.
func seenCloseCode(code sdk.StatusCode) sdk.StatusCode {
	if wstest.Engine() == "webkit" && code >= 1012 && code <= 1014 {
		return sdk.StatusAbnormalClosure
	}
	return code
}

// delaysFailedReconnects reports whether the engine delays a new WebSocket
// to a host and port whose last connection failed (ended without a closing
// handshake): Firefox does, by 200–400 ms at first, ×1.5 for each failure
// in a row until one connects (RFC 6455 § 7.2.3; its preference
// network.websocket.delay-failed-reconnects, on by default).
var delaysFailedReconnects = wstest.Engine() == "firefox"
