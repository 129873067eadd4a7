//go:build !js

// Command wasmexec runs a Go program compiled for GOOS=js GOARCH=wasm in
// headless Chromium. It is made for the -exec flag of go test and go run:
//
//	go build -o bin/wasmexec ./internal/cmd/wasmexec
//	GOOS=js GOARCH=wasm go test -exec "$PWD/bin/wasmexec" ./sdk/...
//	GOOS=js GOARCH=wasm go run -exec "$PWD/bin/wasmexec" ./somecmd -flag
//
// go invokes it as `wasmexec /tmp/go-build.../pkg.test [flags...]`. wasmexec
// serves the binary, wasm_exec.js and a small harness page from an HTTP
// server on 127.0.0.1, opens the page in a fresh headless Chromium (see
// package [github.com/wasmws/wasmws/internal/browser]) and runs the program
// there with go.argv = ["pkg.test", flags...].
//
// # Output and exit code
//
// What the program writes to file descriptors 1 and 2 reaches wasmexec's
// stdout and stderr byte for byte and in order, partial lines included, so go
// test, -v and -json work as with a native binary. Console messages of other
// code in the page go to stderr, prefixed with "wasmexec: console.<kind>:".
// wasmexec exits with the program's exit code. When the page throws an
// uncaught exception, the wasm fails to load, the page crashes or the browser
// dies, it prints one line starting with "wasmexec:" to stderr and exits 1.
//
// # Environment
//
// The program sees only these variables: those of wasmexec's environment
// whose names start with WASMWS_, GODEBUG, HOME=/ and TMPDIR=/tmp.
//
// WASMWS_ECHO_URL is the URL of the bundled echo server. When it is not set,
// wasmexec runs the server ([github.com/wasmws/wasmws/server]) in process, on
// the same origin as the page, and passes ws://127.0.0.1:PORT/echo.
//
// # Files
//
// The program sees a small in-memory file system that holds / and /tmp and
// nothing else, enough for the testing package (which captures an example's
// output in a temporary file), t.TempDir and os.CreateTemp. The package's
// directory, testdata included, is not visible; stdin is empty.
//
// # Configuration
//
// These variables configure wasmexec itself:
//
//	WASMWS_CHROMIUM      the browser binary (see browser.ExecPath)
//	WASMWS_WASM_EXEC     the wasm_exec.js to use; default:
//	                     $(go env GOROOT)/lib/wasm/wasm_exec.js
//	WASMWS_EXEC_TIMEOUT  how long the whole run may take, as a Go duration;
//	                     0 means no limit. Default: the -test.timeout flag
//	                     plus 30s when it is given, else 20m.
//	WASMWS_EXEC_VERBOSE  when not empty, print timings and Chromium's own
//	                     log to stderr.
//
// wasmexec is native only: every file is built with //go:build !js.
package main
