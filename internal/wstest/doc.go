// Package wstest holds what the behaviour suites of sdk and reconnect share on
// both targets: the echo server's URL, a TestMain with a goroutine-leak check,
// and small assertion helpers.
//
// Natively, [Main] starts the bundled server (package server) in-process on a
// loopback port. Compiled to wasm and run in Chromium by internal/tools/wasmexec,
// the runner starts it and passes its URL in WASMWS_ECHO_URL.
package wstest
