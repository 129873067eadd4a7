//go:build !js

package batchconn

import (
	"net"
	"sync"
)

// MaxBatch is the most a [Conn] keeps while batching: a write that would
// take it beyond is written at once, with what is kept (one system call).
const MaxBatch = 32 << 10

// Conn is a net.Conn whose writes can be kept and sent together (see the
// package documentation). Reads and Close are the underlying connection's.
// It is safe for concurrent use: writes are serialised, and bytes reach the
// network in the order of the Write calls. Its zero value is not usable:
// [Accept] makes one.
//
// What it keeps is in a buffer of MaxBatch bytes taken from a pool for the
// batch and given back once the batch is written, so that an idle
// connection holds none.
type Conn struct {
	net.Conn

	mu       sync.Mutex
	batching bool
	kept     *[]byte     // from keptPool while something is kept, else nil
	parts    [2][]byte   // kept and a write's bytes, for one writev
	bufs     net.Buffers // over parts; WriteTo consumes it
}

// keptPool holds the buffers of batches not being kept.
var keptPool = sync.Pool{New: func() any {
	b := make([]byte, 0, MaxBatch)
	return &b
}}

// Write writes p, or keeps it while batching if it fits in [MaxBatch] with
// what is kept already. A write that is not kept sends what is kept first,
// in the same system call.
func (c *Conn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.batching && c.keptLen()+len(p) <= MaxBatch {
		if c.kept == nil {
			c.kept = keptPool.Get().(*[]byte)
		}
		*c.kept = append(*c.kept, p...)
		return len(p), nil
	}
	return c.writeKept(p)
}

// Batch turns batching on or off for the writes that follow. Off, the
// next write sends what is kept, with its own bytes; [Conn.Flush] sends it
// without one.
func (c *Conn) Batch(on bool) {
	c.mu.Lock()
	c.batching = on
	c.mu.Unlock()
}

// Flush writes what is kept, if anything.
func (c *Conn) Flush() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.kept == nil {
		return nil
	}
	_, err := c.writeKept(nil)
	return err
}

// keptLen is how many bytes are kept. Call with c.mu held.
func (c *Conn) keptLen() int {
	if c.kept == nil {
		return 0
	}
	return len(*c.kept)
}

// writeKept writes what is kept, then p, in one system call, and gives the
// batch's buffer back. Call with c.mu held.
func (c *Conn) writeKept(p []byte) (int, error) {
	if c.kept == nil {
		return c.Conn.Write(p)
	}
	var err error
	if kept := *c.kept; len(kept)+len(p) <= MaxBatch {
		_, err = c.Conn.Write(append(kept, p...))
	} else {
		c.parts = [2][]byte{kept, p}
		c.bufs = c.parts[:]
		_, err = c.bufs.WriteTo(c.Conn)
		c.parts = [2][]byte{}
	}
	*c.kept = (*c.kept)[:0]
	keptPool.Put(c.kept)
	c.kept = nil
	if err != nil {
		return 0, err
	}
	return len(p), nil
}
