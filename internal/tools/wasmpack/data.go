package wasmpack

import (
	"cmp"
	"fmt"
	"slices"
)

// segment is an active data segment of memory 0 at a constant offset.
type segment struct {
	offset uint32 // the i32.const, as the unsigned address it denotes
	data   []byte
}

func (s segment) end() uint64 { return uint64(s.offset) + uint64(len(s.data)) }

// parseData decodes the Data section. Every segment must be active, in
// memory 0, at an offset given by one i32.const; anything else is
// ErrUnsupported.
func parseData(s section) ([]segment, error) {
	r := &reader{b: s.payload, base: s.start}
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	// Each segment takes at least 2 bytes (flags and length), so a larger
	// count is malformed and must not size a slice.
	if uint64(n)*2 > uint64(len(r.b)-r.pos) {
		return nil, r.errorf("%d data segments announced in %d bytes", n, len(r.b)-r.pos)
	}
	segs := make([]segment, 0, n)
	for i := range n {
		flags, err := r.u32()
		if err != nil {
			return nil, err
		}
		switch flags {
		case 0: // active, memory 0
		case 2: // active, explicit memory index
			mem, err := r.u32()
			if err != nil {
				return nil, err
			}
			if mem != 0 {
				return nil, fmt.Errorf("%w: data segment %d initialises memory %d", ErrUnsupported, i, mem)
			}
		case 1:
			return nil, fmt.Errorf("%w: data segment %d is passive", ErrUnsupported, i)
		default:
			return nil, r.errorf("data segment %d has flags %d", i, flags)
		}
		op, err := r.byte()
		if err != nil {
			return nil, err
		}
		if op != opI32Const {
			return nil, fmt.Errorf("%w: data segment %d has an offset expression other than i32.const (opcode 0x%02x)", ErrUnsupported, i, op)
		}
		off, err := r.sleb(32)
		if err != nil {
			return nil, err
		}
		if op, err = r.byte(); err != nil {
			return nil, err
		}
		if op != opEnd {
			return nil, fmt.Errorf("%w: data segment %d has an offset expression longer than one i32.const", ErrUnsupported, i)
		}
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		data, err := r.bytes(size)
		if err != nil {
			return nil, err
		}
		segs = append(segs, segment{offset: uint32(int32(off)), data: data})
	}
	if !r.done() {
		return nil, r.errorf("%d bytes after the last data segment", len(r.b)-r.pos)
	}
	return segs, nil
}

// appendData appends the payload of a Data section holding segs, each
// active in memory 0 (flags 0) at an i32.const offset.
func appendData(b []byte, segs []segment) []byte {
	b = appendU32(b, uint32(len(segs)))
	for _, s := range segs {
		b = append(b, 0, opI32Const)
		b = appendS32(b, int32(s.offset))
		b = append(b, opEnd)
		b = appendU32(b, uint32(len(s.data)))
		b = append(b, s.data...)
	}
	return b
}

// merge joins each segment to the one before it in the module when it is
// also the next one in address order and starts at most maxGap bytes after
// that one ends, filling the gap with zeros; it keeps the segments' order
// otherwise (cmd/link writes them mostly, not wholly, in address order).
// The segments must not overlap (ErrUnsupported otherwise); then no segment
// lies in a gap between two neighbours in address order, so its zeros
// overwrite nothing. The result never aliases a merged segment's input.
//
// The zeros written in all may not exceed zeroBudget bytes (ErrUnsupported
// otherwise), so that a module with many segments far apart cannot make
// merge allocate without bound.
// It returns the merged segments and the number of zeros it wrote.
func merge(segs []segment, maxGap uint32, zeroBudget uint64) ([]segment, uint64, error) {
	rank, err := addressRanks(segs)
	if err != nil {
		return nil, 0, err
	}
	var out []segment
	var zeros uint64
	for first := 0; first < len(segs); {
		// Find the run segs[first:next] that merges into one segment.
		next := first + 1
		for ; next < len(segs); next++ {
			prev, s := segs[next-1], segs[next]
			gap := uint64(s.offset) - prev.end()
			if rank[next] != rank[next-1]+1 || gap > uint64(maxGap) {
				break
			}
			if zeros += gap; zeros > zeroBudget {
				return nil, 0, fmt.Errorf("%w: merging would write more than %d zero bytes; use a smaller MaxGap", ErrUnsupported, zeroBudget)
			}
		}
		run := segs[first:next]
		if len(run) == 1 {
			out = append(out, run[0])
		} else {
			base := run[0].offset
			data := make([]byte, run[len(run)-1].end()-uint64(base))
			for _, s := range run {
				copy(data[s.offset-base:], s.data)
			}
			out = append(out, segment{offset: base, data: data})
		}
		first = next
	}
	return out, zeros, nil
}

// addressRanks returns the position of each segment in address order, or
// ErrUnsupported if two segments overlap.
func addressRanks(segs []segment) ([]int, error) {
	order := make([]int, len(segs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(segs[a].offset, segs[b].offset) })
	rank := make([]int, len(segs))
	for k, i := range order {
		rank[i] = k
		if k > 0 {
			if prev, s := segs[order[k-1]], segs[i]; uint64(s.offset) < prev.end() {
				return nil, fmt.Errorf("%w: data segments overlap: [%d, %d) and [%d, %d)",
					ErrUnsupported, prev.offset, prev.end(), s.offset, s.end())
			}
		}
	}
	return rank, nil
}
