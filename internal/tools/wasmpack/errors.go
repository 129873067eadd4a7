package wasmpack

import "errors"

// ErrMalformed is returned (wrapped, with the offset and what was expected)
// when the input is not a well-formed WebAssembly module.
var ErrMalformed = errors.New("wasmpack: malformed module")

// ErrUnsupported is returned (wrapped, with the reason) when the module is
// well formed but uses something Pack does not understand or cannot prove
// safe to merge, such as a passive data segment.
var ErrUnsupported = errors.New("wasmpack: unsupported module")
