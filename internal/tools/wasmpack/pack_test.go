package wasmpack

import (
	"bytes"
	"errors"
	"maps"
	"testing"
)

// Instruction bytes for hand-built function bodies.
var (
	noLocals   = []byte{0}
	bodyNop    = append(noLocals, 0x01, opEnd)
	bodyInit   = append(noLocals, opI32Const, 0, opI32Const, 0, opI32Const, 0, opPrefixFC, fcMemInit, 0, 0, opEnd)
	bodyDrop   = append(noLocals, opPrefixFC, fcDataDrop, 0, opEnd)
	bodyCopies = append(noLocals, // the bulk memory instructions Go emits, which name no segment
		opI32Const, 0, opI32Const, 0, opI32Const, 0, opPrefixFC, 10, 0, 0,
		opI32Const, 0, opI32Const, 0, opI32Const, 0, opPrefixFC, 11, 0,
		0x02, blockTypeNo, 0x42, 0x7f, 0x1a, opEnd, // block i64.const -1 drop end
		opEnd)
)

func TestPackMerges(t *testing.T) {
	t.Parallel()
	custom := append(u32(4), "name\x01\x02"...)
	testCases := []struct {
		name   string
		maxGap uint32
		in     []byte
		want   []byte
	}{{
		name:   "gap within MaxGap filled with zeros",
		maxGap: 8,
		in:     module(sectionMemory, memorySec(1), sectionData, vec(activeSeg(16, 1, 2), activeSeg(26, 3), activeSeg(100, 4))),
		want:   module(sectionMemory, memorySec(1), sectionData, vec(activeSeg(16, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 3), activeSeg(100, 4))),
	}, {
		name:   "touching segments, MaxGap 0",
		maxGap: 0,
		in:     module(sectionMemory, memorySec(1), sectionData, vec(activeSeg(0, 1), activeSeg(1, 2), activeSeg(3, 3))),
		want:   module(sectionMemory, memorySec(1), sectionData, vec(activeSeg(0, 1, 2), activeSeg(3, 3))),
	}, {
		name:   "descending segments keep their order",
		maxGap: 1 << 20,
		in:     module(sectionMemory, memorySec(1), sectionData, vec(activeSeg(50, 5), activeSeg(52, 6), activeSeg(10, 1), activeSeg(12, 2))),
		want:   module(sectionMemory, memorySec(1), sectionData, vec(activeSeg(50, 5, 0, 6), activeSeg(10, 1, 0, 2))),
	}, {
		name:   "no merge across a gap that holds another segment",
		maxGap: 1 << 20,
		in:     module(sectionMemory, memorySec(1), sectionData, vec(activeSeg(48, 1, 2), activeSeg(32, 3), activeSeg(100, 4))),
		want:   module(sectionMemory, memorySec(1), sectionData, vec(activeSeg(48, 1, 2), activeSeg(32, 3), activeSeg(100, 4))),
	}, {
		name:   "negative i32.const is a high address",
		maxGap: 4,
		in:     module(sectionMemory, memorySec(65536), sectionData, vec(activeSeg(-8, 1), activeSeg(-4, 2))),
		want:   module(sectionMemory, memorySec(65536), sectionData, vec(activeSeg(-8, 1, 0, 0, 0, 2))),
	}, {
		name:   "custom sections copied, DataCount rewritten",
		maxGap: 8,
		in: module(sectionCustom, custom, sectionMemory, memorySec(1), sectionDataCount, u32(2),
			sectionCode, codeSec(bodyNop, bodyCopies), sectionData, vec(activeSeg(0, 1), activeSeg(2, 2)), sectionCustom, custom),
		want: module(sectionCustom, custom, sectionMemory, memorySec(1), sectionDataCount, u32(1),
			sectionCode, codeSec(bodyNop, bodyCopies), sectionData, vec(activeSeg(0, 1, 0, 2)), sectionCustom, custom),
	}, {
		name:   "explicit memory 0 (flags 2) rewritten as flags 0",
		maxGap: 8,
		in:     module(sectionMemory, memorySec(1), sectionData, vec([]byte{2, 0, opI32Const, 4, opEnd, 1, 9})),
		want:   module(sectionMemory, memorySec(1), sectionData, vec(activeSeg(4, 9))),
	}, {
		name:   "no data section",
		maxGap: 8,
		in:     module(sectionMemory, memorySec(1)),
		want:   module(sectionMemory, memorySec(1)),
	}}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := bytes.Clone(tc.in)
			got, _, err := Pack(in, &Options{MaxGap: tc.maxGap})
			if err != nil {
				t.Fatalf("Pack: %v", err)
			}
			if !bytes.Equal(got, tc.want) {
				t.Errorf("Pack =\n%x want\n%x", got, tc.want)
			}
			if !bytes.Equal(in, tc.in) {
				t.Errorf("Pack modified its input")
			}
			assertSameMemory(t, tc.in, got)
		})
	}
}

func TestPackStats(t *testing.T) {
	t.Parallel()
	in := module(sectionMemory, memorySec(1), sectionData, vec(activeSeg(0, 1), activeSeg(2000, 2), activeSeg(2002, 3)))
	out, st, err := Pack(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{SegmentsBefore: 3, SegmentsAfter: 2, SizeBefore: len(in), SizeAfter: len(out), ZerosWritten: 1}
	if st != want {
		t.Errorf("Stats = %+v want %+v (DefaultMaxGap %d)", st, want, DefaultMaxGap)
	}
}

func TestPackRejects(t *testing.T) {
	t.Parallel()
	mem := memorySec(1)
	testCases := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrMalformed},
		{"bad magic", []byte("\x00asn\x01\x00\x00\x00"), ErrMalformed},
		{"version 2", []byte("\x00asm\x02\x00\x00\x00"), ErrMalformed},
		{"section longer than the module", append(module(), sectionData, 5, 0), ErrMalformed},
		{"unknown section id", module(14, []byte{}), ErrUnsupported},
		{"sections out of order", module(sectionData, vec(), sectionMemory, mem), ErrMalformed},
		{"section repeated", module(sectionMemory, mem, sectionMemory, mem), ErrMalformed},
		{"passive segment", module(sectionData, vec([]byte{1, 1, 7})), ErrUnsupported},
		{"memory 1", module(sectionData, vec([]byte{2, 1, opI32Const, 0, opEnd, 1, 7})), ErrUnsupported},
		{"bad flags", module(sectionData, vec([]byte{3, 0})), ErrMalformed},
		{"offset from a global", module(sectionData, vec([]byte{0, 0x23, 0, opEnd, 1, 7})), ErrUnsupported},
		{"offset expression of two instructions", module(sectionData, vec([]byte{0, opI32Const, 0, 0x01, opEnd, 1, 7})), ErrUnsupported},
		{"segment longer than the section", module(sectionData, vec([]byte{0, opI32Const, 0, opEnd, 9, 7})), ErrMalformed},
		{"bytes after the segments", module(sectionData, append(vec(activeSeg(0, 1)), 0)), ErrMalformed},
		{"count larger than the section", module(sectionData, u32(1000)), ErrMalformed},
		{"more zeros than the module has bytes", module(sectionData, vec(activeSeg(0, 1), activeSeg(1000, 2))), ErrUnsupported},
		{"overlapping segments", module(sectionData, vec(activeSeg(0, 1, 2), activeSeg(1, 3))), ErrUnsupported},
		{"overlap out of order", module(sectionData, vec(activeSeg(10, 1), activeSeg(0, make([]byte, 11)...))), ErrUnsupported},
		{"DataCount mismatch", module(sectionDataCount, u32(2), sectionData, vec(activeSeg(0, 1))), ErrMalformed},
		{"DataCount too long", module(sectionDataCount, []byte{1, 0}, sectionData, vec(activeSeg(0, 1))), ErrMalformed},
		{"memory.init in code", module(sectionDataCount, u32(1), sectionCode, codeSec(bodyNop, bodyInit), sectionData, vec(activeSeg(0, 1))), ErrUnsupported},
		{"data.drop in code", module(sectionDataCount, u32(1), sectionCode, codeSec(bodyDrop), sectionData, vec(activeSeg(0, 1))), ErrUnsupported},
		{"unknown instruction", module(sectionDataCount, u32(0), sectionCode, codeSec(append(noLocals, 0xfd, 0, opEnd))), ErrUnsupported},
		{"unknown 0xfc instruction", module(sectionDataCount, u32(0), sectionCode, codeSec(append(noLocals, opPrefixFC, 18, opEnd))), ErrUnsupported},
		{"body without end", module(sectionDataCount, u32(0), sectionCode, codeSec(append(noLocals, 0x01))), ErrMalformed},
		{"truncated body", module(sectionDataCount, u32(0), sectionCode, codeSec(append(noLocals, opI32Const))), ErrMalformed},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, st, err := Pack(tc.in, nil)
			if !errors.Is(err, tc.want) || got != nil || st != (Stats{}) {
				t.Errorf("Pack = %x, %+v, %v want nil, zero Stats, %v", got, st, err, tc.want)
			}
		})
	}
}

// assertSameMemory fails t unless before and after initialise memory alike.
func assertSameMemory(t *testing.T, before, after []byte) {
	t.Helper()
	want, err := memoryImage(before)
	if err != nil {
		t.Fatalf("memory of the input: %v", err)
	}
	got, err := memoryImage(after)
	if err != nil {
		t.Fatalf("memory of the output: %v", err)
	}
	if !maps.Equal(got, want) {
		t.Errorf("packed module initialises %d non-zero bytes, the input %d, or different ones", len(got), len(want))
	}
}
