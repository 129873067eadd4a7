// Command wasmpack merges the data segments of a WebAssembly module that the
// Go linker wrote, in place or into another file (see package
// github.com/wasmws/wasmws/internal/tools/wasmpack).
//
// Usage:
//
//	go run ./internal/tools/wasmpack/cmd/wasmpack [-o out.wasm] [-max-gap N] [-drop-line-numbers] [-q] module.wasm
//
// On any error it writes nothing, prints the reason and exits with status 1.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/wasmws/wasmws/internal/tools/wasmpack"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "wasmpack:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("wasmpack", flag.ContinueOnError)
	out := fs.String("o", "", "write the packed module to `file` (default: replace the input)")
	maxGap := fs.Uint("max-gap", wasmpack.DefaultMaxGap, "merge segments separated by at most `n` zero bytes")
	dropLines := fs.Bool("drop-line-numbers", false, "make every function share one line table that says line 0 (tracebacks keep function and file)")
	quiet := fs.Bool("q", false, "print nothing on success")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("want one module, got %d arguments", fs.NArg())
	}
	if *maxGap > 1<<32-1 {
		return fmt.Errorf("-max-gap %d is larger than 32 bits", *maxGap)
	}
	in := fs.Arg(0)
	if *out == "" {
		*out = in
	}
	st, err := wasmpack.PackFile(in, *out, &wasmpack.Options{MaxGap: uint32(*maxGap), DropLineNumbers: *dropLines})
	if err != nil {
		return fmt.Errorf("%w (nothing written)", err)
	}
	if !*quiet {
		fmt.Printf("wasmpack: %s: %d data segments → %d (%d zero bytes filled in), %d line tables (%d bytes) zeroed, %d bytes → %d\n",
			*out, st.SegmentsBefore, st.SegmentsAfter, st.ZerosWritten, st.LineTablesDropped, st.LineBytesZeroed, st.SizeBefore, st.SizeAfter)
	}
	return nil
}
