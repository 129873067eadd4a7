package wasmpack

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzPack checks that Pack never panics, fails only with its sentinels,
// and, when it succeeds, returns a module that initialises the same memory,
// has the same sections otherwise, and that it would not change again.
func FuzzPack(f *testing.F) {
	f.Add(module(sectionMemory, memorySec(1), sectionData, vec(activeSeg(16, 1, 2), activeSeg(26, 3), activeSeg(100, 4))), uint32(8))
	f.Add(module(sectionMemory, memorySec(1), sectionDataCount, u32(2), sectionCode, codeSec(bodyNop, bodyCopies),
		sectionData, vec(activeSeg(50, 5), activeSeg(10, 1), activeSeg(12, 2))), uint32(1<<20))
	f.Add(module(sectionDataCount, u32(1), sectionCode, codeSec(bodyInit), sectionData, vec(activeSeg(0, 1))), uint32(0))
	f.Add(module(sectionCustom, append(u32(1), 'x'), sectionData, vec([]byte{2, 0, opI32Const, 0x7f, opEnd, 1, 9})), uint32(3))
	f.Fuzz(func(t *testing.T, in []byte, maxGap uint32) {
		out, st, err := Pack(in, &Options{MaxGap: maxGap})
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnsupported) {
				t.Fatalf("Pack error %v is neither ErrMalformed nor ErrUnsupported", err)
			}
			return
		}
		if st.SegmentsAfter > st.SegmentsBefore || st.SizeAfter != len(out) {
			t.Fatalf("Stats %+v for %d bytes out", st, len(out))
		}
		assertSameMemory(t, in, out)
		before, _ := parseSections(in)
		after, err := parseSections(out)
		if err != nil || len(after) != len(before) {
			t.Fatalf("output sections: %d, %v want %d", len(after), err, len(before))
		}
		for i := range before {
			if before[i].id != after[i].id {
				t.Fatalf("section %d: id %d want %d", i, after[i].id, before[i].id)
			}
			if id := before[i].id; id != sectionData && id != sectionDataCount && !bytes.Equal(before[i].payload, after[i].payload) {
				t.Fatalf("section %d (id %d) changed", i, id)
			}
		}
		again, _, err := Pack(out, &Options{MaxGap: maxGap})
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("Pack of its own output: changed or %v", err)
		}
	})
}
