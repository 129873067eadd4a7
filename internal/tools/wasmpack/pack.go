package wasmpack

import "fmt"

// DefaultMaxGap is the MaxGap of a nil *Options: of the gaps measured on
// wasmws.wasm, the one after which it compressed smallest with both gzip
// and brotli (bench/README.md has the figures).
const DefaultMaxGap = 1024

// Options tunes Pack. A nil *Options means the defaults.
type Options struct {
	// MaxGap is the longest run of zero bytes between two segments that
	// Pack fills in to merge them. Zero merges only segments that touch.
	// Defaults to DefaultMaxGap when Options is nil.
	MaxGap uint32

	// DropLineNumbers makes every function share one line table that says
	// line 0 (see dropLineTables): Go tracebacks, runtime.Caller and
	// runtime.Frames then report line 0, with the right function and file.
	// make build sets it for wasmws.wasm (bench/README.md measures it).
	DropLineNumbers bool
}

// WebOptions are the options with which make build packs web/wasmws.wasm
// (the Makefile's web target gives cmd/wasmpack the same flags); e2e and
// bench/cmd/benchrun pack the module they build with them.
func WebOptions() *Options {
	return &Options{MaxGap: DefaultMaxGap, DropLineNumbers: true}
}

// WebBuildFlags are the go build flags with which make build builds
// web/wasmws.wasm before packing it: stripped, the standard library not
// inlined but for syscall/js (without its inlining every js.Value call
// heap-allocates its argument slices), nor package main of ./wasm and
// safejs (−1,975 B brotli; bench/README.md "Size"). The Makefile's web target spells them
// out (WEB_GCFLAGS; TestMakefileBuildsAsWebBuildFlags keeps the two in
// step); e2e and bench/cmd/benchrun build with these.
func WebBuildFlags() []string {
	return []string{"-trimpath", "-ldflags=-s -w", "-gcflags=std=-l", "-gcflags=syscall/js=",
		"-gcflags=github.com/wasmws/wasmws/wasm=-l", "-gcflags=github.com/hack-pad/safejs/...=-l"}
}

// Stats describes what Pack did.
type Stats struct {
	SegmentsBefore, SegmentsAfter int
	SizeBefore, SizeAfter         int // bytes of the module
	ZerosWritten                  int // bytes of the gaps filled in
	LineTablesDropped             int // with DropLineNumbers: line tables zeroed
	LineBytesZeroed               int // and their bytes
}

// Pack returns module with its data segments merged as the package doc
// describes, and what it did. On error it returns nil and a Stats that is
// zero: the caller keeps module, which Pack never modifies. Sections come
// back in their order with the same contents (but for Data and DataCount),
// their sizes re-encoded in the fewest bytes (cmd/link pads them to five).
func Pack(module []byte, opts *Options) ([]byte, Stats, error) {
	maxGap, dropLines := uint32(DefaultMaxGap), false
	if opts != nil {
		maxGap, dropLines = opts.MaxGap, opts.DropLineNumbers
	}
	sections, err := parseSections(module)
	if err != nil {
		return nil, Stats{}, err
	}
	var segs []segment
	dataAt, countAt := -1, -1
	for i, s := range sections {
		switch s.id {
		case sectionData:
			if segs, err = parseData(s); err != nil {
				return nil, Stats{}, err
			}
			dataAt = i
		case sectionDataCount:
			countAt = i
		}
	}
	if countAt >= 0 {
		if err := checkDataCount(sections[countAt], len(segs)); err != nil {
			return nil, Stats{}, err
		}
		for _, s := range sections {
			if s.id != sectionCode {
				continue
			}
			refers, err := codeRefersToData(s)
			if err != nil {
				return nil, Stats{}, err
			}
			if refers {
				return nil, Stats{}, fmt.Errorf("%w: code names data segments by index (memory.init or data.drop)", ErrUnsupported)
			}
		}
	}
	// The zeros filled in may at most double the module (make build fills in
	// 1,055 KB for the 3,733 KB of wasmws.wasm).
	merged, zeros, err := merge(segs, maxGap, uint64(len(module)))
	if err != nil {
		return nil, Stats{}, err
	}
	var lines lineStats
	if dropLines {
		if lines, err = dropLineTables(merged); err != nil {
			return nil, Stats{}, err
		}
	}

	out := make([]byte, 0, len(module))
	out = append(out, header...)
	for i, s := range sections {
		switch i {
		case dataAt:
			out = appendSection(out, s.id, appendData(nil, merged))
		case countAt:
			out = appendSection(out, s.id, appendU32(nil, uint32(len(merged))))
		default:
			out = appendSection(out, s.id, s.payload)
		}
	}
	return out, Stats{
		SegmentsBefore: len(segs), SegmentsAfter: len(merged),
		SizeBefore: len(module), SizeAfter: len(out), ZerosWritten: int(zeros),
		LineTablesDropped: lines.tables, LineBytesZeroed: lines.zeroed,
	}, nil
}

// checkDataCount checks that the DataCount section holds one count, equal
// to the number of data segments.
func checkDataCount(s section, segments int) error {
	r := &reader{b: s.payload, base: s.start}
	n, err := r.u32()
	if err != nil {
		return err
	}
	if !r.done() {
		return r.errorf("DataCount section longer than one count")
	}
	if uint64(n) != uint64(segments) {
		return fmt.Errorf("%w: DataCount section says %d segments, the Data section has %d", ErrMalformed, n, segments)
	}
	return nil
}
