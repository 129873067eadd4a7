package wasmpack

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
)

// Go's function table (the pclntab of package runtime, Go 1.20 and later),
// as cmd/link lays it out in a module's initial memory. Only what
// dropLineTables reads is named here.
const (
	pclnMagic       = 0xfffffff1 // abi.Go120PCLnTabMagic
	pclnHeaderSize  = 8 + 8*8    // magic, pads, minLC, ptrSize, then 8 words
	funcStructSize  = 44         // runtime._func up to its pcdata offsets
	funcPcspField   = 16         // offsets of _func's fields
	funcPcfileField = 20
	funcPclnField   = 24
	funcNpcdata     = 28
	funcStartLine   = 36
)

// lineStats says what dropLineTables did.
type lineStats struct {
	tables int // line tables no longer referenced, their bytes zeroed
	zeroed int // bytes zeroed
}

// dropLineTables makes every function of the Go function table in segs
// share one line table that maps all of its program counters to line 0,
// zeroes the line tables no function uses any more, and sets each
// function's start line to 0. Line tables and start lines only serve
// tracebacks, runtime.Caller and runtime.Frames (the line they report) and
// profiles; the tables the runtime needs to run (stack frame sizes, stack
// maps, unsafe points, inlining) and the file tables are left as they are,
// so a traceback still names each function and its file, at line 0.
//
// It changes the data of at most one segment, which it copies first, so
// that segs's input is never written. It returns ErrUnsupported if it
// cannot find exactly one well-formed function table in one segment.
func dropLineTables(segs []segment) (lineStats, error) {
	si, hdr, err := findPclntab(segs)
	if err != nil {
		return lineStats{}, err
	}
	mem := slices.Clone(segs[si].data)
	t, err := readPclntab(mem, hdr)
	if err != nil {
		return lineStats{}, err
	}
	// Tables are deduplicated by content across kinds: a line table that is
	// also some function's frame-size, file or pcdata table must stay.
	lines := map[uint32]bool{}
	others := map[uint32]bool{}
	for _, f := range t.funcs {
		if f.pcln != 0 {
			lines[f.pcln] = true
		}
		for _, o := range f.others {
			others[o] = true
		}
	}
	offs := make([]uint32, 0, len(lines))
	for o := range lines {
		offs = append(offs, o)
	}
	slices.Sort(offs)
	lens := make(map[uint32]int, len(offs))
	for i, o := range offs {
		n, err := t.tableLen(o)
		if err != nil {
			return lineStats{}, err
		}
		if i+1 < len(offs) && uint64(o)+uint64(n) > uint64(offs[i+1]) {
			return lineStats{}, fmt.Errorf("%w: line tables at %d and %d overlap", ErrUnsupported, o, offs[i+1])
		}
		lens[o] = n
	}
	// The shared table: value 0 (the delta +1 from the initial -1, zigzag
	// encoded as 2) for pcs up to the longest function's span, then the end.
	shared := []byte{2}
	shared = binary.AppendUvarint(shared, uint64(t.maxSpan))
	shared = append(shared, 0)
	canon, found := uint32(0), false
	for _, o := range offs {
		if !others[o] && lens[o] >= len(shared) {
			canon, found = o, true
			break
		}
	}
	if !found {
		return lineStats{}, fmt.Errorf("%w: no line table long enough to hold the shared one", ErrUnsupported)
	}
	var st lineStats
	for _, o := range offs {
		at := t.pctab + int(o)
		switch {
		case o == canon:
			n := copy(mem[at:], shared)
			clear(mem[at+n : at+lens[o]])
		case !others[o]:
			clear(mem[at : at+lens[o]])
			st.tables++
			st.zeroed += lens[o]
		}
	}
	for _, f := range t.funcs {
		if f.pcln != 0 {
			binary.LittleEndian.PutUint32(mem[f.at+funcPclnField:], canon)
		}
		binary.LittleEndian.PutUint32(mem[f.at+funcStartLine:], 0)
	}
	segs[si].data = mem
	return st, nil
}

// findPclntab returns the segment that holds Go's function table and the
// table's offset in it. It looks for the header's magic number and checks
// that the header's offsets are in order and inside the segment; exactly
// one candidate in all the segments must pass.
func findPclntab(segs []segment) (int, int, error) {
	magic := binary.LittleEndian.AppendUint32(nil, pclnMagic)
	magic = append(magic, 0, 0, 1, 8) // pads, minLC 1, ptrSize 8 (GOARCH=wasm)
	seg, at, n := -1, -1, 0
	for i, s := range segs {
		for off := 0; ; off++ {
			k := bytes.Index(s.data[off:], magic)
			if k < 0 {
				break
			}
			off += k
			if _, err := readPclntab(s.data, off); err == nil {
				seg, at = i, off
				n++
			}
		}
	}
	if n != 1 {
		return 0, 0, fmt.Errorf("%w: found %d Go function tables, want exactly 1", ErrUnsupported, n)
	}
	return seg, at, nil
}

// pclntab is what dropLineTables needs of the function table at mem[hdr:].
type pclntab struct {
	mem     []byte
	pctab   int // index in mem of the pc-value tables
	pctabN  int // their length in bytes
	funcs   []funcTables
	maxSpan uint32 // the most program counters one function covers (wasm's)
}

// funcTables is one runtime._func: where it is in mem, its line table and
// every other pc-value table it names.
type funcTables struct {
	at     int
	pcln   uint32
	others []uint32
}

// readPclntab decodes the header at mem[hdr:] and every function's _func,
// checking that each offset lies inside mem.
func readPclntab(mem []byte, hdr int) (*pclntab, error) {
	bad := func(what string) error {
		return fmt.Errorf("%w: Go function table at %d: %s", ErrUnsupported, hdr, what)
	}
	if hdr+pclnHeaderSize > len(mem) {
		return nil, bad("header cut short")
	}
	word := func(i int) uint64 { return binary.LittleEndian.Uint64(mem[hdr+8+8*i:]) }
	nfunc, funcname, cu, filetab, pctab, pcln := word(0), word(3), word(4), word(5), word(6), word(7)
	size := uint64(len(mem) - hdr)
	if nfunc == 0 || nfunc > size/8 ||
		!(pclnHeaderSize <= funcname && funcname <= cu && cu <= filetab && filetab <= pctab && pctab <= pcln) ||
		pcln+8*(nfunc+1) > size {
		return nil, bad("header offsets out of order or outside the segment")
	}
	t := &pclntab{mem: mem, pctab: hdr + int(pctab), pctabN: int(pcln - pctab)}
	ftab := hdr + int(pcln)
	u32 := func(at int) uint32 { return binary.LittleEndian.Uint32(mem[at:]) }
	for i := range int(nfunc) {
		entry, next := u32(ftab+8*i), u32(ftab+8*i+8)
		if next < entry {
			return nil, bad("function entries out of order")
		}
		// On wasm an entry is a function index and a program counter is the
		// index << 16 plus a block number (runtime.moduledata.textOff).
		if next-entry > 1<<15 {
			return nil, bad("a function spans more than 2^15 entries")
		}
		t.maxSpan = max(t.maxSpan, (next-entry)<<16)
		at := ftab + int(u32(ftab+8*i+4))
		if at+funcStructSize > len(mem) {
			return nil, bad("a function's record lies outside the segment")
		}
		npcdata := int(u32(at + funcNpcdata))
		if npcdata > 64 || at+funcStructSize+4*npcdata > len(mem) {
			return nil, bad("a function's pcdata offsets lie outside the segment")
		}
		f := funcTables{at: at, pcln: u32(at + funcPclnField), others: []uint32{u32(at + funcPcspField), u32(at + funcPcfileField)}}
		for j := range npcdata {
			f.others = append(f.others, u32(at+funcStructSize+4*j))
		}
		if uint64(f.pcln) >= uint64(t.pctabN) {
			return nil, bad("a line table offset lies outside the pc-value tables")
		}
		t.funcs = append(t.funcs, f)
	}
	return t, nil
}

// tableLen returns the length in bytes of the pc-value table at offset off
// of the pc-value tables: pairs of varints (value delta, pc delta), ended
// by a value delta of 0 that is not the first.
func (t *pclntab) tableLen(off uint32) (int, error) {
	b := t.mem[t.pctab : t.pctab+t.pctabN]
	p := int(off)
	for first := true; ; first = false {
		v, n := binary.Uvarint(b[p:])
		if n <= 0 {
			return 0, fmt.Errorf("%w: pc-value table at %d runs past the end", ErrUnsupported, off)
		}
		p += n
		if v == 0 && !first {
			return p - int(off), nil
		}
		if _, n = binary.Uvarint(b[p:]); n <= 0 {
			return 0, fmt.Errorf("%w: pc-value table at %d runs past the end", ErrUnsupported, off)
		}
		p += n
	}
}
