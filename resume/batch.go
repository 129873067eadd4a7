//go:build !js

package resume

import (
	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/internal/batchconn"
)

// Batcher may be implemented by a [Conn] that can send several messages to
// the network in one write (one system call where each message would take
// one). The session's writer calls Batch(true) before writing a message
// when another one is ready to follow it, and Batch(false) before the last
// one: the Conn may keep the messages written while batching and send them
// with the first one written without. Before the writer waits, or closes
// the connection, it calls Batch(false) and Flush, which sends what is
// kept. [Server.ServeHTTP]'s connections implement it; so may the Conn
// given to [Server.Serve].
type Batcher interface {
	Batch(on bool)
	Flush() error
}

// batchedConn is a WebSocket whose connection batches writes.
type batchedConn struct {
	*websocket.Conn
	net *batchconn.Conn
}

// Batch implements Batcher.
func (c batchedConn) Batch(on bool) { c.net.Batch(on) }

// Flush implements Batcher.
func (c batchedConn) Flush() error { return c.net.Flush() }
