//go:build !js

package sdk_test

// Natively a full receive buffer stops reading from the socket.
const pausesReading = true

// Natively there is no base URL: a relative URL is a syntax error.
const resolvesRelativeURLs = false

// native reports the target: natively New accepts handshake headers and
// InsecureSkipVerify, and Ping works.
const native = true

// Natively a message over ReadLimit stops reading at once: the peer's answer
// to the close frame is never read.
const stopsReadingAtLimit = true
