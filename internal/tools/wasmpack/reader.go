package wasmpack

import "fmt"

// reader decodes the primitive values of the WebAssembly binary format from
// a byte slice. Errors wrap ErrMalformed and name the absolute offset.
type reader struct {
	b    []byte
	pos  int
	base int // absolute offset of b[0] in the module, for error messages
}

func (r *reader) errorf(format string, args ...any) error {
	return fmt.Errorf("%w: at byte %d: %s", ErrMalformed, r.base+r.pos, fmt.Sprintf(format, args...))
}

func (r *reader) done() bool { return r.pos >= len(r.b) }

func (r *reader) byte() (byte, error) {
	if r.pos >= len(r.b) {
		return 0, r.errorf("unexpected end")
	}
	c := r.b[r.pos]
	r.pos++
	return c, nil
}

// bytes returns the next n bytes, without copying.
func (r *reader) bytes(n uint32) ([]byte, error) {
	if uint64(n) > uint64(len(r.b)-r.pos) {
		return nil, r.errorf("%d bytes announced, %d left", n, len(r.b)-r.pos)
	}
	s := r.b[r.pos : r.pos+int(n)]
	r.pos += int(n)
	return s, nil
}

// u32 reads an unsigned LEB128 value of at most 32 bits.
func (r *reader) u32() (uint32, error) {
	v, err := r.uleb(32)
	return uint32(v), err
}

// uleb reads an unsigned LEB128 value of at most bits bits (32 or 64), as
// the specification bounds it: at most ceil(bits/7) bytes, and the unused
// bits of the last byte zero.
func (r *reader) uleb(bits uint) (uint64, error) {
	var v uint64
	for shift := uint(0); ; shift += 7 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		if shift+7 > bits && c>>(bits-shift) != 0 {
			return 0, r.errorf("unsigned LEB128 longer than %d bits", bits)
		}
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, nil
		}
	}
}

// sleb reads a signed LEB128 value of at most bits bits (32, 33 or 64): at
// most ceil(bits/7) bytes, and the unused bits of the last byte a sign
// extension of its used ones.
func (r *reader) sleb(bits uint) (int64, error) {
	var v int64
	for shift := uint(0); ; shift += 7 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		if shift+7 > bits {
			// The last possible byte: no continuation, and the bits above
			// bits-1 must all equal the sign bit.
			used := bits - shift         // 1..7
			rest := int8(c<<1) >> (used) // sign-extended bits used-1..6
			if c&0x80 != 0 || (rest != 0 && rest != -1) {
				return 0, r.errorf("signed LEB128 longer than %d bits", bits)
			}
		}
		v |= int64(c&0x7f) << shift
		if c&0x80 == 0 {
			if shift+7 < 64 && c&0x40 != 0 {
				v |= -1 << (shift + 7)
			}
			return v, nil
		}
	}
}

// appendU32 appends v as unsigned LEB128, in the fewest bytes.
func appendU32(b []byte, v uint32) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// appendS32 appends v as signed LEB128, in the fewest bytes.
func appendS32(b []byte, v int32) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}
