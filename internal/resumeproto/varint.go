package resumeproto

// maxVarintLen is the longest uint field: 8 bytes carry 56 bits, enough for
// MaxUint (2^53 − 1).
const maxVarintLen = 8

// appendUint appends v (at most MaxUint) as an unsigned LEB128 varint.
func appendUint(dst []byte, v uint64) []byte {
	for v >= 0x80 {
		dst = append(dst, byte(v)|0x80)
		v >>= 7
	}
	return append(dst, byte(v))
}

// reader reads the fields of one frame; the first error sticks.
type reader struct {
	p   []byte
	err error
}

func (r *reader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
	r.p = nil
}

func (r *reader) u8() byte {
	if len(r.p) < 1 {
		r.fail(errTruncated)
		return 0
	}
	b := r.p[0]
	r.p = r.p[1:]
	return b
}

func (r *reader) uint() uint64 {
	var v uint64
	for i := 0; i < maxVarintLen; i++ {
		if i >= len(r.p) {
			r.fail(errTruncated)
			return 0
		}
		b := r.p[i]
		v |= uint64(b&0x7f) << (7 * i)
		if b < 0x80 {
			r.p = r.p[i+1:]
			if v > MaxUint {
				r.fail(errVarint)
				return 0
			}
			return v
		}
	}
	r.fail(errVarint)
	return 0
}

// bytes returns a length-prefixed field of at most max bytes, aliasing the
// input.
func (r *reader) bytes(max int, tooLong error) []byte {
	n := r.uint()
	if r.err != nil {
		return nil
	}
	if n > uint64(max) {
		r.fail(tooLong)
		return nil
	}
	if uint64(len(r.p)) < n {
		r.fail(errTruncated)
		return nil
	}
	b := r.p[:n:n]
	r.p = r.p[n:]
	return b
}

// end fails if bytes are left.
func (r *reader) end() {
	if r.err == nil && len(r.p) > 0 {
		r.fail(errTrailing)
	}
}
