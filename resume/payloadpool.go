//go:build !js

package resume

import (
	"math/bits"
	"sync"
)

// Payload buffers are reused: a message's payload, once the client has
// acknowledged it and the store has recorded that ack, is never read again,
// and its buffer takes the payload of a later DATA frame read (or of a
// later Send). An echo of messages of 512 B and more so allocates (and zeroes, and
// collects) no buffer per message once the stream runs.
//
// Buffers are kept per size class, a power of two: a payload of n bytes
// takes a buffer of the class that holds n rounded up, and a buffer made
// when its class has none is made with the class's capacity, so that it
// returns to the class it came from. The cost: a payload just above a
// power of two holds up to twice its size in memory, while windows and
// replay limits count payload bytes (the allocator's own size classes
// round up too, by up to an eighth). Payloads below minPooled are left to
// the allocator, which serves them more cheaply than a pool; at 1 KiB the
// allocation, zeroing and collection of a payload per message took a tenth
// of the CPU time of a resume-mode echo (pprof). The pools hold what the
// garbage collector lets them: at most the buffers released since its last
// two cycles.
const (
	minPooledClass = 9  // 512 B
	maxPooledClass = 27 // 128 MiB
	minPooled      = 1 << minPooledClass
)

var payloadPools [maxPooledClass + 1]sync.Pool

// payloadClass returns the class of a payload of n bytes: the smallest c
// with 1<<c ≥ n, or -1 when n is not pooled.
func payloadClass(n int) int {
	if n < minPooled {
		return -1
	}
	c := bits.Len(uint(n - 1))
	if c > maxPooledClass {
		return -1
	}
	return c
}

// newPayload returns a buffer of n bytes whose content is undefined: the
// caller overwrites all of it.
func newPayload(n int) []byte {
	c := payloadClass(n)
	if c < 0 {
		return make([]byte, n)
	}
	if bp, ok := payloadPools[c].Get().(*[]byte); ok {
		return (*bp)[:n]
	}
	return make([]byte, n, 1<<c)
}

// recyclePayload gives back a buffer no one reads or writes any more, up
// to its capacity: a buffer whose bytes beyond its length are not the
// caller's to give must come with its capacity cut to its length (then it
// is kept only if that length is a class's).
func recyclePayload(p []byte) {
	c := cap(p)
	if c < minPooled || c&(c-1) != 0 {
		return
	}
	class := bits.Len(uint(c)) - 1
	if class > maxPooledClass {
		return
	}
	p = p[:0]
	payloadPools[class].Put(&p)
}
