//go:build !js

package server

import (
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sync/atomic"
)

// rejectReason says why a WebSocket handshake on /echo was refused.
type rejectReason int

const (
	rejectBadQuery rejectReason = iota // 400: a malformed fault parameter
	rejectOrigin                       // 403: Origin not allowed
	rejectShutdown                     // 503: Shutdown was called
	rejectMaxConns                     // 503: MaxConns connections open
	rejectMemory                       // 503: no room in MemoryBudget for a push
	rejectAsked                        // reject=STATUS asked for it
	rejectUpgrade                      // not a valid WebSocket handshake
	numRejectReasons
)

var rejectNames = [numRejectReasons]string{"bad_query", "origin", "shutdown", "max_conns", "memory", "asked", "upgrade"}

// closeReason says why the server closed a connection on its own.
type closeReason int

const (
	closeMessageTimeout closeReason = iota // 1008: a message took longer than MessageTimeout
	closeInvalidUTF8                       // 1007: text that is not UTF-8
	closeMemory                            // 1013: a resume-mode message outgrew the room in MemoryBudget
	numCloseReasons
)

var closeNames = [numCloseReasons]string{"message_timeout", "invalid_utf8", "memory"}

// metrics counts what the server did since it was created. The zero value
// is ready; it is safe for concurrent use.
type metrics struct {
	accepted atomic.Int64
	rejects  [numRejectReasons]atomic.Int64
	closes   [numCloseReasons]atomic.Int64
}

// handleMetrics serves the live numbers in the Prometheus text exposition
// format (version 0.0.4).
func (s *Server) handleMetrics(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	s.writeMetrics(w)
}

func (s *Server) writeMetrics(w io.Writer) {
	gauge := func(name, help string, v int64) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s gauge\n%s %d\n", name, help, name, name, v)
	}
	gauge("wasmws_connections", "WebSocket connections open, counting those whose handshake is being answered.", int64(s.Conns()))
	gauge("wasmws_max_connections", "The bound on WebSocket connections (Options.MaxConns; -1: none).", int64(s.opts.MaxConns))
	gauge("wasmws_memory_held_bytes", "Bytes of message data held across all connections: echo, push and resume-mode read buffers.", s.memory.inUse())
	gauge("wasmws_memory_held_peak_bytes", "The most bytes of message data held at once since the server started.", s.memory.highWater())
	gauge("wasmws_memory_budget_bytes", "The bound on wasmws_memory_held_bytes (Options.MemoryBudget).", s.opts.MemoryBudget)
	gauge("wasmws_goroutines", "Goroutines in the process.", int64(runtime.NumGoroutine()))
	fmt.Fprintf(w, "# HELP wasmws_connections_accepted_total WebSocket connections accepted.\n# TYPE wasmws_connections_accepted_total counter\nwasmws_connections_accepted_total %d\n", s.metrics.accepted.Load())
	fmt.Fprintf(w, "# HELP wasmws_rejects_total WebSocket handshakes refused, by reason.\n# TYPE wasmws_rejects_total counter\n")
	for i, name := range rejectNames {
		fmt.Fprintf(w, "wasmws_rejects_total{reason=%q} %d\n", name, s.metrics.rejects[i].Load())
	}
	fmt.Fprintf(w, "# HELP wasmws_closes_total Connections the server closed because a limit was broken, by reason.\n# TYPE wasmws_closes_total counter\n")
	for i, name := range closeNames {
		fmt.Fprintf(w, "wasmws_closes_total{reason=%q} %d\n", name, s.metrics.closes[i].Load())
	}
}
