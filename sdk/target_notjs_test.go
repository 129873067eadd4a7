//go:build !js

package sdk_test

// Natively a full receive buffer stops reading from the socket.
const pausesReading = true

// Natively there is no base URL: a relative URL is a syntax error.
const resolvesRelativeURLs = false

// native reports the target: natively New accepts handshake headers and
// InsecureSkipVerify, and Ping works.
const native = true
