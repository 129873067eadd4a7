// Package layout holds one test that keeps the floors of the module apart:
// no library package (sdk, reconnect, server, resume and the leaves under
// internal/ they run on) may import, in non-test code and on either target,
// a tool (internal/tools/...), the test support (internal/wstest), the CLI
// (cmd/...), the benchmarks (bench/...), the browser tests (e2e) or the wasm
// module (wasm). The layout itself is described in README.md.
package layout
