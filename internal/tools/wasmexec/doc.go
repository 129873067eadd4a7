//go:build !js

// Package wasmexec runs a Go program compiled for GOOS=js GOARCH=wasm in a
// headless browser: Chromium, Firefox or WebKit (package
// [github.com/wasmws/wasmws/internal/tools/browser]). It is the engine of
// `wasmws exec`, made for the -exec flag of go test and go run:
//
//	GOOS=js GOARCH=wasm go test -exec 'wasmws exec -browser firefox' ./...
//
// [Run] serves the binary, wasm_exec.js and a small harness page from an
// HTTP server on 127.0.0.1, opens the page and runs the program there with
// go.argv = [BINARY, ARGS...]. [RunIn] does the same in a browser that is
// already started, so one browser can run many binaries.
//
// # Output and exit code
//
// The page relays everything over HTTP to the runner, alike in the three
// engines. What the program writes to file descriptors 1 and 2 reaches
// Config.Stdout and Config.Stderr byte for byte and in order, partial lines
// included, so go test, -v and -json work as with a native binary. The
// console of the page goes to Stderr, prefixed with "wasmexec: console.KIND:".
// The result is the program's exit code ([ExitError], [ExitCode]); an
// uncaught exception, a wasm that fails to load, or a browser that dies end
// the run with an error.
//
// # Deadlocks and timeouts
//
// When every goroutine blocks and nothing can wake the program (no timer,
// no promise waited on, no open WebSocket), the page reports it as Node.js
// does, at once: "fatal error: all goroutines are asleep - deadlock!" with
// every goroutine's stack, exit code 2 (see harness/watch.js). A program
// that never yields is ended after -test.timeout plus [TimeoutGrace] (or
// [DefaultTimeout] without the flag, or $WASMWS_EXEC_TIMEOUT) with a message
// that says which limit ran out.
//
// # Environment
//
// The program sees the variables named WASMWS_*, GODEBUG and GOCOVERDIR,
// those of Config.PassEnv (`wasmws exec -env NAME,...`, or all of them with
// -env all), and HOME=/ and TMPDIR=/tmp. Unlike under Go's Node.js runner,
// which passes every variable, a test that reads another variable sees it
// unset (and one that skips without it skips) until -env names it. WASMWS_ECHO_URL is the URL of the
// bundled echo server: when it is not set, the runner serves
// [github.com/wasmws/wasmws/server] on the page's origin and passes
// ws://127.0.0.1:PORT/echo.
//
// # Files
//
// The program sees an in-memory file system with / and /tmp (t.TempDir,
// os.CreateTemp), where its working directory, Config.Dir (the package
// directory under go test, testdata included), is lent read-only: listings
// and files are fetched from the runner when first used, and writes fail
// with EROFS. The host's time zone database, /usr/share/zoneinfo, is lent
// read-only too, so time.LoadLocation works as under Node.js. Symbolic
// and hard links are not supported (os.Symlink and os.Link fail with
// ENOSYS, "not implemented on js"). The
// directories of -test.coverprofile, -test.gocoverdir,
// $GOCOVERDIR, the profile flags and -test.testlogfile (after
// -test.outputdir) are writable: what the program leaves there is written
// on the host when it exits, so coverage and profiles land where go test
// expects them. Stdin is empty, like /dev/null: the program cannot read the
// runner's stdin. os.Stdout and os.Stderr are pipes to the runner, as they
// are to go test, so code that looks for a terminal finds none.
//
// # Clock and network
//
// The page is cross-origin isolated (the headers Cross-Origin-Opener-Policy:
// same-origin and Cross-Origin-Embedder-Policy: require-corp), which makes
// the browser's clock, and so time.Now and benchmark times, move in steps of
// about 5 µs in Chromium and 20 µs in Firefox and WebKit (not isolated: 100
// µs, 1 ms, 1 ms). Node.js's clock is finer still: a benchmark with a small
// fixed -benchtime (such as 100x) of a fast function may report coarser
// times than under Node.js. net/http works through the browser's fetch, so a
// request to another origin (another port included) needs CORS headers on
// the server's answer; WebSockets need none.
//
// # CPU profiles
//
// Go has no CPU profiler on GOOS=js. -test.cpuprofile is taken off the
// program's command line; in Chromium the runner records V8's profile of
// the page instead and writes it, in the JSON of .cpuprofile files, to that
// path. Firefox and WebKit cannot: the runner says so and writes nothing.
//
// # Configuration
//
//	WASMWS_CHROMIUM, WASMWS_FIREFOX, WASMWS_WEBKIT_DRIVER,
//	WASMWS_MINIBROWSER, WASMWS_XVFB
//	                     the browser programs (see package browser)
//	WASMWS_WASM_EXEC     the wasm_exec.js to use; default:
//	                     $(go env GOROOT)/lib/wasm/wasm_exec.js
//	WASMWS_EXEC_TIMEOUT  how long a whole run may take, as a Go duration;
//	                     0 means no limit.
//
// The package is native only: every file is built with //go:build !js.
package wasmexec
