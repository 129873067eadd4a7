// Package sizes holds the small GOOS=js programs whose wasm size the
// benchmark reports beside wasmws.wasm: minimal (a Go program that prints a
// line), coderws (an echo client on coder/websocket) and sdkclient (the same
// client on sdk.Conn). Each is a main package whose files are built only with
// js && wasm.
package sizes
