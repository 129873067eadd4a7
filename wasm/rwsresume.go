//go:build js && wasm

package main

import "github.com/wasmws/wasmws/reconnect"

// Resume mode (the resume option, reconnect.Options.Resume) in the
// JavaScript class. The shell learns each connection's mode from its open
// event, and hands every message of a resume-mode connection to Go whole (a
// frame of resume/PROTOCOL.md, which the Client parses); Go then dispatches
// the payloads it takes out, once each, in order.

// reportOpen dispatches the open event of a connection, with its mode and
// its application subprotocol (negotiated inside the resume protocol in
// resume mode, so not the socket's), then, in resume mode, resumed or
// notresumed when the Client had a session.
func (r *rws) reportOpen(ev reconnect.StateChange) {
	call(r.port, "event", "open", ev.Mode.String(), r.client.Protocol())
	res := ev.Resume
	switch {
	case ev.Mode != reconnect.ModeResume:
	case res.Resumed:
		call(r.port, "event", "resumed", map[string]any{
			"epoch":         float64(res.Epoch),
			"retransmitted": res.Retransmitted,
		})
	case res.NotResumed:
		call(r.port, "event", "notresumed", map[string]any{
			"epoch":     float64(res.Epoch),
			"missed":    res.Missed,
			"resent":    res.Resent,
			"maybeLost": res.MaybeLost,
		})
	}
}
