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
// It is safe for concurrent use (writes are serialised); its zero value is
// not usable: [Accept] makes one.
type Conn struct {
	net.Conn

	mu       sync.Mutex
	batching bool
	kept     []byte
	parts    [2][]byte   // kept and a write's bytes, for one writev
	bufs     net.Buffers // over parts; WriteTo consumes it
}

// Write writes p, or keeps it while batching if it fits in [MaxBatch] with
// what is kept already. A write that is not kept sends what is kept first,
// in the same system call.
func (c *Conn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.batching && len(c.kept)+len(p) <= MaxBatch {
		c.kept = append(c.kept, p...)
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
	if len(c.kept) == 0 {
		return nil
	}
	_, err := c.writeKept(nil)
	return err
}

// writeKept writes what is kept, then p, in one system call. Call with c.mu
// held.
func (c *Conn) writeKept(p []byte) (int, error) {
	if len(c.kept) == 0 {
		return c.Conn.Write(p)
	}
	if len(c.kept)+len(p) <= MaxBatch {
		c.kept = append(c.kept, p...)
		_, err := c.Conn.Write(c.kept)
		c.kept = c.kept[:0]
		if err != nil {
			return 0, err
		}
		return len(p), nil
	}
	c.parts = [2][]byte{c.kept, p}
	c.bufs = c.parts[:]
	_, err := c.bufs.WriteTo(c.Conn)
	c.kept = c.kept[:0]
	c.parts = [2][]byte{}
	if err != nil {
		return 0, err
	}
	return len(p), nil
}
