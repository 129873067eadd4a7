//go:build !js

// Package batchconn lets the writer of a server-side WebSocket connection
// send several messages in one write to the network.
//
// github.com/coder/websocket flushes every message it writes: one system
// call per message, and on a busy connection the system call, not the
// message, is most of what a small message costs. [Accept] is
// websocket.Accept on a connection ([Conn]) whose writes can be batched:
// while batching is on, the bytes the WebSocket writes are kept in a
// buffer of at most [MaxBatch] bytes, and the first write with batching off
// sends them with its own bytes in one system call ([Conn.Flush] sends
// them alone). The writer turns batching on only while it holds
// another message ready to write after the current one, so nothing waits
// for a timer or for a message that may not come.
//
// Native only: a browser's WebSocket has no such connection.
package batchconn
