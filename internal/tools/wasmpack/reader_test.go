package wasmpack

import (
	"errors"
	"math"
	"testing"
)

func TestLEB128RoundTrip(t *testing.T) {
	t.Parallel()
	for _, v := range []uint32{0, 1, 63, 64, 127, 128, 300, 1 << 14, 1<<21 - 1, 1 << 28, math.MaxUint32} {
		r := &reader{b: appendU32(nil, v)}
		got, err := r.u32()
		if err != nil || got != v || !r.done() {
			t.Errorf("u32(appendU32(%d)) = %d, %v, done %v want %d", v, got, err, r.done(), v)
		}
	}
	for _, v := range []int32{0, 1, -1, 63, 64, -64, -65, 8191, -8192, math.MaxInt32, math.MinInt32} {
		r := &reader{b: appendS32(nil, v)}
		got, err := r.sleb(32)
		if err != nil || got != int64(v) || !r.done() {
			t.Errorf("sleb(appendS32(%d)) = %d, %v, done %v want %d", v, got, err, r.done(), v)
		}
	}
}

func TestLEB128Bounds(t *testing.T) {
	t.Parallel()
	testCases := []struct {
		name   string
		in     []byte
		signed bool
		bits   uint
		want   int64
		ok     bool
	}{
		{"u32 padded zero", []byte{0x80, 0x80, 0x80, 0x80, 0x00}, false, 32, 0, true},
		{"u32 max", []byte{0xff, 0xff, 0xff, 0xff, 0x0f}, false, 32, math.MaxUint32, true},
		{"u32 33 bits", []byte{0xff, 0xff, 0xff, 0xff, 0x1f}, false, 32, 0, false},
		{"u32 six bytes", []byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, false, 32, 0, false},
		{"u32 truncated", []byte{0x80}, false, 32, 0, false},
		{"s32 min", []byte{0x80, 0x80, 0x80, 0x80, 0x78}, true, 32, math.MinInt32, true},
		{"s32 -1 padded", []byte{0xff, 0xff, 0xff, 0xff, 0x7f}, true, 32, -1, true},
		{"s32 bad sign bits", []byte{0x80, 0x80, 0x80, 0x80, 0x70}, true, 32, 0, false},
		{"s32 positive overflow", []byte{0x80, 0x80, 0x80, 0x80, 0x08}, true, 32, 0, false},
		{"s64 min", []byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f}, true, 64, math.MinInt64, true},
		{"s64 eleven bytes", []byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, true, 64, 0, false},
		{"s33 type index", []byte{0x80, 0x80, 0x80, 0x80, 0x0f}, true, 33, 0xf0000000, true},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := &reader{b: tc.in}
			var got int64
			var err error
			if tc.signed {
				got, err = r.sleb(tc.bits)
			} else {
				var u uint64
				u, err = r.uleb(tc.bits)
				got = int64(u)
			}
			if tc.ok && (err != nil || got != tc.want) {
				t.Errorf("read %x = %d, %v want %d", tc.in, got, err, tc.want)
			}
			if !tc.ok && !errors.Is(err, ErrMalformed) {
				t.Errorf("read %x = %d, %v want ErrMalformed", tc.in, got, err)
			}
		})
	}
}
