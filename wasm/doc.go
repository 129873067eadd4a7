//go:build js && wasm

// Command wasm is the WebAssembly module behind web/wasmws.js: the Go engine
// of the JavaScript classes wasmws.WebSocket and wasmws.ReconnectingWebSocket.
//
// Build it with `make web` (part of `make build`), which runs
//
//	GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -gcflags=std=-l -gcflags=syscall/js= -o web/wasmws.wasm ./wasm
//	go run ./internal/tools/wasmpack/cmd/wasmpack web/wasmws.wasm
//
// (bench/README.md measures what each step saves, and what -gcflags=std=-l
// costs in speed), and load it with load() from web/wasmws.js, which runs
// it with wasm_exec.js. On start it hands its engine, an object of
// functions, to globalThis.__wasmwsRegister (set by wasmws.js), then waits
// forever.
//
// # Division of work
//
// The JavaScript classes are a thin shell: WebIDL argument conversion, the
// events, and the per-message hot paths. The engine holds the
// connections ([sdk.Conn], [reconnect.Client]), and through them every rule:
// validation, bounds, the outbox, backoff, replay. The module itself is
// glue: it converts arguments and results, and turns state changes into
// events; what it keeps is the water-mark hysteresis of sendAsync and
// bufferedamountlow, which are JavaScript API.
//
// Payloads cross the boundary as little as possible:
//
//   - WebSocket: the connection is an [sdk.Conn] created through the seam
//     of internal/jsbridge, and the JavaScript object is the browser's own
//     WebSocket of that
//     connection, given the class's prototype: its events reach listeners
//     straight from the browser, and send() goes straight to it, so a message
//     in either direction makes no call into Go. The shell calls into Go to
//     close (validated, then run by the Conn), and once when bufferedAmount
//     rises above highWaterMark; Go then polls bufferedAmount until it falls
//     to lowWaterMark and fires bufferedamountlow.
//   - ReconnectingWebSocket: sends go into Go once, into the reconnect
//     outbox, so that they can be replayed, but not one call at a time:
//     send() copies the message into a queue in JavaScript when it fits in
//     the room the outbox had when Go last looked, and Go takes the queue
//     into the outbox once per burst (see sendQueue); what does not fit
//     goes through the engine at once, after the queue, and gets the
//     Client's own answer (QuotaExceededError). Received messages stay in
//     JavaScript: the shell keeps each payload and passes Go a placeholder
//     of its type and size (see jsbridge.Hooks), which costs no call into
//     Go; Go delivers placeholders in the order and at the moment the
//     reconnect Client hands them out, all those waiting in one call, and
//     the shell then dispatches the payloads it kept. Heartbeat echoes alone
//     are passed to Go whole, so that the Client recognises them. In resume
//     mode (the resume option) every message is a protocol frame that the
//     Client parses: the shell passes each one whole, and Go hands back the
//     payload to dispatch (see rwsresume.go).
//
// Every file of this package is built only for GOOS=js GOARCH=wasm.
package main
