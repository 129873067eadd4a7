//go:build !js

// Package e2e tests the JavaScript classes of web/wasmws.js end to end, in
// headless Chromium driven through chromedp (internal/tools/browser), against the
// bundled echo server (package server) serving web/ and the test pages in
// testdata/. Its TestMain builds wasmws.wasm from ../wasm into a temporary
// copy of web/, so `go test ./e2e` always tests the code as it is.
//
//   - conformance_test.go runs the cases of testdata/conformance.js against the
//     browser's own WebSocket and against wasmws.WebSocket on one page; any
//     difference in their traces fails.
//   - reconnect_test.go runs ReconnectingWebSocket against the server's faults.
//   - multinode_test.go runs the multi-node resume chaos: three `wasmws
//     serve` processes sharing their sessions in Redis, one killed and one
//     restarted mid-stream, with the client of package e2e/multinode
//     natively and compiled to wasm in Chromium.
//   - demo_test.go drives web/index.html like a person and saves a screenshot
//     in test-output/.
//   - types_test.go checks web/wasmws.d.ts with tsc.
//   - bench_test.go measures echo throughput of both classes against the
//     browser's WebSocket (go test -bench, see make bench).
//
// The package is native only.
package e2e
