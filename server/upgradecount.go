//go:build !js

package server

import (
	"net/http"
	"sync/atomic"
)

// countUpgrade is a ResponseWriter that counts the handshake as accepted
// when the upgrade writes its 101 status, before the answer can reach the
// client: a client that sees its connection open finds it in
// wasmws_connections_accepted_total. (Counting after websocket.Accept
// returned raced with such a client.) Hijack is found through Unwrap.
type countUpgrade struct {
	http.ResponseWriter
	accepted *atomic.Int64
}

// WriteHeader implements http.ResponseWriter.
func (c *countUpgrade) WriteHeader(code int) {
	if code == http.StatusSwitchingProtocols {
		c.accepted.Add(1)
	}
	c.ResponseWriter.WriteHeader(code)
}

// Unwrap returns the ResponseWriter c wraps (for http.ResponseController
// and websocket.Accept's search for an http.Hijacker).
func (c *countUpgrade) Unwrap() http.ResponseWriter { return c.ResponseWriter }
