//go:build !js

package sdk

// sendParts queues head and body as one binary message: one copy of each
// part into a buffer the send queue then owns, where Send would copy a
// concatenation made by the caller.
func (t *nativeTransport) sendParts(head, body []byte) error {
	p := make([]byte, len(head)+len(body))
	copy(p[copy(p, head):], body)
	return t.send(Binary, p, true)
}
