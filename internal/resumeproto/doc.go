// Package resumeproto is the engine of the wasmws.resume.v1 protocol
// (resume/PROTOCOL.md), shared by the client (package reconnect) and the
// server (package resume): frame encoding and parsing, and the bookkeeping of
// one session's two directions — sequence numbers, cumulative acks, the
// replay buffer bounded in bytes, and credit windows.
//
// It does no I/O, starts no goroutine and reads no clock: its callers move
// the frames and arm the ack timer. None of its types is safe for concurrent
// use; the callers hold a lock. It builds for every target and stays small:
// no fmt, no reflect, no net.
package resumeproto
