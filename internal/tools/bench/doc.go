// Package bench measures WebSocket clients against an echo server, the same
// way on every target: echo throughput (a window of messages in flight, as
// many as fit in a time slice) and round-trip latency (one message at a time),
// with allocations per message. It builds natively and as GOOS=js GOARCH=wasm,
// so the native driver (bench/cmd/benchrun) and the program that runs in
// Chromium (internal/tools/benchwasm) share the loops and the statistics.
//
// The client adapters live elsewhere: internal/tools/bench/native (sdk.Conn, raw
// coder/websocket and gorilla/websocket, natively) and internal/tools/benchwasm
// (sdk.Conn and coder/websocket compiled to wasm). `make bench` runs the
// driver; see bench/RESULTS.md for the latest figures and how they were taken.
//
// # Metrics
//
//   - Throughput: one goroutine sends size-byte binary messages, keeping at
//     most [Window] of them in flight, until the slice's time is up, then an
//     empty message; another receives the echoes until that one comes back.
//     Messages per second count echoes received; MB/s is their payload
//     (10^6 bytes) per second, one direction.
//   - Latency: send one message, wait for its echo, repeat; p50 and p99 of
//     the round trips.
//   - Allocations: runtime.MemStats deltas (Mallocs, TotalAlloc) over a
//     throughput slice, divided by the messages echoed. They count the whole
//     process, so the driver runs the server in another process.
//
// The package is safe for concurrent use; a [Client] is used by one sender
// and one receiver goroutine at a time.
package bench
