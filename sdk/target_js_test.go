//go:build js && wasm

package sdk_test

// The browser's WebSocket cannot stop reading: a full receive buffer fails
// the connection.
const pausesReading = false

// The browser resolves a relative URL against the page's base URL.
const resolvesRelativeURLs = true

// native reports the target: page code cannot set handshake headers, choose
// which certificates to trust, or send pings.
const native = false

// The browser cannot stop reading: after a message over ReadLimit it reads
// on until the peer answers the close frame.
const stopsReadingAtLimit = false
