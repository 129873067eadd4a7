//go:build js && wasm

// Command benchwasm is the Go half of the wasmws browser benchmark. Compiled
// to GOOS=js GOARCH=wasm and run in headless Chromium (by the driver's page,
// or by internal/tools/wasmexec), it measures sdk.Conn (on the browser's
// WebSocket) and coder/websocket's own wasm Conn against the echo server at
// $WASMWS_ECHO_URL with package bench, and prints the measurements as one
// JSON object on stdout:
//
//	{"raw": [bench.Raw, ...]}
//
// Progress goes to stderr. The driver, bench/cmd/benchrun, builds it and runs
// it in the page that runs the JavaScript clients. By hand:
//
//	GOOS=js GOARCH=wasm go build -o /tmp/benchwasm.wasm ./internal/tools/benchwasm
//	WASMWS_ECHO_URL=ws://127.0.0.1:9998/echo bin/wasmws exec /tmp/benchwasm.wasm -reps 1
//
// Every file is built only with js && wasm (tags_test.go checks it).
package main
