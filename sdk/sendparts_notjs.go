//go:build !js

package sdk

import "bytes"

// sendParts queues head and body as one binary message: one copy of each
// part into a buffer the send queue then owns, where Send would copy a
// concatenation made by the caller.
func (t *nativeTransport) sendParts(head, body []byte) error {
	// append allocates without zeroing what it then copies over (make
	// would zero it first: 5 % of the CPU of a 64 KiB resume-mode echo),
	// but only when there is a body to add.
	p := append(head[:len(head):len(head)], body...)
	if len(body) == 0 {
		p = bytes.Clone(head)
	}
	return t.send(Binary, p, true)
}
