//go:build js && wasm

package wstest

// startServer does nothing in the browser: the runner (internal/tools/wasmexec)
// starts the echo server and passes its URL in WASMWS_ECHO_URL.
func startServer() (stop func(), err error) { return func() {}, nil }
