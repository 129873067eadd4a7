// Package wasmpack shrinks a WebAssembly module after the Go linker has
// written it, without changing what the module does.
//
// The Go linker (cmd/link, Go 1.26) starts a new data segment at every run
// of 8 or more zero bytes in the initial memory, so the module of package
// wasm carries about 41,000 segments, most of them a few bytes long, each
// with a header of 5 to 10 bytes that compresses badly. [Pack] merges
// neighbouring active segments of memory 0 whose gap is at most
// [Options.MaxGap] bytes, writing the gap's zeros explicitly: zeros cost raw
// bytes but compress to almost nothing, headers do not.
//
// With [Options.DropLineNumbers] it also points every function of Go's
// function table (runtime's pclntab) at one line table that says line 0,
// zeroes the line tables no function names any more and each function's
// start line (about 40 KB of wasmws.wasm's brotli size): tracebacks, runtime.Caller and
// runtime.Frames then report line 0, with the right function and file.
// The tables the runtime needs to run are left as they are. It fails with
// ErrUnsupported unless it finds exactly one Go 1.20+ function table for
// GOARCH=wasm, all in one segment.
//
// # What it accepts
//
// Pack understands the binary format of WebAssembly 1.0 with the bulk
// memory, sign-extension, saturating conversion, reference type and tail
// call proposals, and merges only what it can prove equivalent:
//
//   - every data segment is active, in memory 0, with an offset given by a
//     single i32.const (what cmd/link writes);
//   - segments do not overlap; Pack merges two segments only if they are
//     next to each other both in the module and in address order, so the
//     zeros written into the gap between them overwrite nothing, and it
//     keeps the order of the segments otherwise;
//   - if the module has a DataCount section (code may then name segments by
//     index, with memory.init and data.drop), the code section is decoded
//     and must not name any; the DataCount section is rewritten with the
//     new count.
//
// Pack fills in at most as many zero bytes as the module has (cmd/link's
// need about a quarter); beyond that it fails rather than allocate without
// bound.
//
// Anything else (a passive segment, an offset from a global, an unknown
// section or instruction, a malformed module) is an error that errors.Is
// [ErrUnsupported] or [ErrMalformed], and the module is left as it was.
// Sections other than DataCount and Data are copied byte for byte.
package wasmpack
