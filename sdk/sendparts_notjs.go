//go:build !js

package sdk

import "bytes"

// sendParts queues head and body as one binary message: head copied (it
// may be reused once this returns), body kept as it is until written (it
// never changes: see package sendparts), and the two written as fragments
// of one message (see write), so that a resume DATA frame's payload is not
// copied into a joined buffer as it was before (6 % of the CPU of a 64 KiB
// resume-mode echo, with the zeroing of that buffer 5 % more).
func (t *nativeTransport) sendParts(head, body []byte) error {
	if len(body) == 0 {
		return t.send(Binary, bytes.Clone(head), true)
	}
	t.enqueue(outbound{typ: Binary, head: bytes.Clone(head), data: body})
	return nil
}
