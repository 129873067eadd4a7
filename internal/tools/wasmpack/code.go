package wasmpack

import "fmt"

// Opcodes that Pack names; the decoder in codeRefersToData knows the rest
// by their immediates alone.
const (
	opEnd       = 0x0b
	opI32Const  = 0x41
	opPrefixFC  = 0xfc
	fcMemInit   = 8
	fcDataDrop  = 9
	blockTypeNo = 0x40
)

// codeRefersToData decodes every function body of the Code section and
// reports whether any instruction names a data segment by index
// (memory.init or data.drop), which merging segments would renumber.
// An instruction it does not know is ErrUnsupported: its immediates could
// not be skipped, so what follows could not be read.
func codeRefersToData(s section) (bool, error) {
	r := &reader{b: s.payload, base: s.start}
	n, err := r.u32()
	if err != nil {
		return false, err
	}
	for range n {
		size, err := r.u32()
		if err != nil {
			return false, err
		}
		start := r.pos
		body, err := r.bytes(size)
		if err != nil {
			return false, err
		}
		found, err := bodyRefersToData(&reader{b: body, base: r.base + start})
		if err != nil || found {
			return found, err
		}
	}
	if !r.done() {
		return false, r.errorf("%d bytes after the last function body", len(r.b)-r.pos)
	}
	return false, nil
}

// bodyRefersToData decodes one function body: its locals, then
// instructions up to the end of the body, which must be an end.
func bodyRefersToData(r *reader) (bool, error) {
	groups, err := r.u32()
	if err != nil {
		return false, err
	}
	for range groups {
		if _, err := r.u32(); err != nil {
			return false, err
		}
		if err := skipValType(r); err != nil {
			return false, err
		}
	}
	var last byte
	for !r.done() {
		op, err := r.byte()
		if err != nil {
			return false, err
		}
		last = op
		refers, err := skipImmediates(r, op)
		if err != nil || refers {
			return refers, err
		}
	}
	if last != opEnd {
		return false, r.errorf("function body does not end with end")
	}
	return false, nil
}

// skipImmediates reads the immediates of the instruction with opcode op
// and reports whether it names a data segment.
func skipImmediates(r *reader, op byte) (bool, error) {
	var err error
	switch {
	case op <= 0x01, op == 0x05, op == opEnd, op == 0x0f, op == 0x1a, op == 0x1b,
		op >= 0x45 && op <= 0xc4, op == 0xd1:
		// unreachable, nop, else, end, return, drop, select, numeric
		// (including sign extension), ref.is_null: no immediates.
	case op >= 0x02 && op <= 0x04: // block, loop, if
		err = skipBlockType(r)
	case op == 0x0c, op == 0x0d, op == 0x10, op == 0x12, // br, br_if, call, return_call
		op >= 0x20 && op <= 0x26, op == 0xd2: // locals, globals, table.get/set, ref.func
		_, err = r.u32()
	case op == 0x11, op == 0x13: // call_indirect, return_call_indirect
		err = skipU32s(r, 2)
	case op == 0x0e: // br_table
		var n uint32
		if n, err = r.u32(); err == nil {
			err = skipU32s(r, uint64(n)+1)
		}
	case op == 0x1c: // select t*
		var n uint32
		if n, err = r.u32(); err == nil {
			for i := uint32(0); i < n && err == nil; i++ {
				err = skipValType(r)
			}
		}
	case op >= 0x28 && op <= 0x3e: // loads and stores: memarg
		err = skipMemArg(r)
	case op == 0x3f, op == 0x40: // memory.size, memory.grow
		err = skipMemIndex(r)
	case op == opI32Const:
		_, err = r.sleb(32)
	case op == 0x42: // i64.const
		_, err = r.sleb(64)
	case op == 0x43: // f32.const
		_, err = r.bytes(4)
	case op == 0x44: // f64.const
		_, err = r.bytes(8)
	case op == 0xd0: // ref.null
		err = skipRefType(r)
	case op == opPrefixFC:
		return skipFC(r)
	default:
		return false, fmt.Errorf("%w: unknown instruction 0x%02x at byte %d", ErrUnsupported, op, r.base+r.pos-1)
	}
	return false, err
}

// skipFC reads an instruction of the 0xFC prefix: saturating conversions,
// bulk memory and table operations.
func skipFC(r *reader) (bool, error) {
	sub, err := r.u32()
	if err != nil {
		return false, err
	}
	switch {
	case sub <= 7: // trunc_sat
		return false, nil
	case sub == fcMemInit, sub == fcDataDrop:
		return true, nil
	case sub == 10: // memory.copy
		if err := skipMemIndex(r); err != nil {
			return false, err
		}
		return false, skipMemIndex(r)
	case sub == 11: // memory.fill
		return false, skipMemIndex(r)
	case sub == 12, sub == 14: // table.init, table.copy
		return false, skipU32s(r, 2)
	case sub == 13, sub >= 15 && sub <= 17: // elem.drop, table.grow/size/fill
		_, err := r.u32()
		return false, err
	}
	return false, fmt.Errorf("%w: unknown instruction 0xfc %d at byte %d", ErrUnsupported, sub, r.base+r.pos)
}

func skipU32s(r *reader, n uint64) error {
	for range n {
		if _, err := r.u32(); err != nil {
			return err
		}
	}
	return nil
}

// skipMemArg reads alignment and offset; an alignment with bit 6 set
// (multi-memory: a memory index follows) is ErrUnsupported.
func skipMemArg(r *reader) error {
	align, err := r.u32()
	if err != nil {
		return err
	}
	if align >= 64 {
		return fmt.Errorf("%w: memory access with alignment field %d (multiple memories) at byte %d", ErrUnsupported, align, r.base+r.pos)
	}
	_, err = r.u32()
	return err
}

// skipMemIndex reads a memory index, which must be 0.
func skipMemIndex(r *reader) error {
	c, err := r.byte()
	if err == nil && c != 0 {
		err = fmt.Errorf("%w: instruction names memory %d at byte %d", ErrUnsupported, c, r.base+r.pos-1)
	}
	return err
}

// skipBlockType reads a block type: empty, one value type, or a type index
// (a non-negative signed 33-bit LEB128).
func skipBlockType(r *reader) error {
	if r.done() {
		return r.errorf("unexpected end")
	}
	if c := r.b[r.pos]; c == blockTypeNo || isValType(c) {
		r.pos++
		return nil
	}
	idx, err := r.sleb(33)
	if err == nil && idx < 0 {
		err = fmt.Errorf("%w: unknown block type %d at byte %d", ErrUnsupported, idx, r.base+r.pos)
	}
	return err
}

func skipValType(r *reader) error {
	c, err := r.byte()
	if err == nil && !isValType(c) {
		err = fmt.Errorf("%w: unknown value type 0x%02x at byte %d", ErrUnsupported, c, r.base+r.pos-1)
	}
	return err
}

func skipRefType(r *reader) error {
	c, err := r.byte()
	if err == nil && c != 0x70 && c != 0x6f {
		err = fmt.Errorf("%w: unknown reference type 0x%02x at byte %d", ErrUnsupported, c, r.base+r.pos-1)
	}
	return err
}

// isValType reports whether c is one of the one-byte value types: i32, i64,
// f32, f64, v128, funcref, externref.
func isValType(c byte) bool {
	return c >= 0x7b && c <= 0x7f || c == 0x70 || c == 0x6f
}
