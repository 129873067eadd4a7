//go:build !js

package reconnect

import "github.com/wasmws/wasmws/sdk"

// canPing: the native transport sends protocol pings.
const canPing = true

// acceptsHeaders: natively handshake headers can be set.
const acceptsHeaders = true

// tailIsFinal reports whether a closed connection's BufferedAmount is exactly
// what never left. Natively it always is: the writer subtracts a message only
// once it was written whole, and when the SDK gives up on a closing handshake
// it cuts the TCP connection, so nothing is written after Closed.
func tailIsFinal(closedBySDK, wasClean bool) bool { return true }

// checkURL applies the WebSocket URL rules; natively there is no base URL,
// so a relative URL is an error.
func checkURL(url string) (string, error) { return sdk.ParseURL(url) }
