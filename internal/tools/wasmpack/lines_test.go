package wasmpack

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

// fakePclntab lays out a Go function table of two functions after pad
// bytes: function 0 has frame-size table sp0 and line table line0, function
// 1 has line table line1 and uses it as its frame-size table too (as
// cmd/link's deduplication may). It returns the data and the offsets of
// the three tables in the pc-value tables.
func fakePclntab(pad int) (data []byte, sp0, line0, line1 uint32) {
	le := binary.LittleEndian
	pctab := []byte{0}
	add := func(tab ...byte) uint32 {
		off := uint32(len(pctab))
		pctab = append(pctab, tab...)
		return off
	}
	sp0 = add(2, 3, 4, 5, 0)
	line0 = add(40, 7, 2, 9, 6, 1, 0)
	line1 = add(20, 3, 0)
	hdr := make([]byte, pclnHeaderSize)
	le.PutUint32(hdr, pclnMagic)
	copy(hdr[4:], []byte{0, 0, 1, 8})
	le.PutUint64(hdr[8:], 2) // nfunc
	for i, off := range []int{pclnHeaderSize, pclnHeaderSize, pclnHeaderSize, pclnHeaderSize, pclnHeaderSize + len(pctab)} {
		le.PutUint64(hdr[8+8*(3+i):], uint64(off)) // funcname, cu, filetab, pctab, pcln
	}
	ftab := make([]byte, 3*8)
	funcs := make([]byte, 2*funcStructSize)
	for i, tabs := range [][2]uint32{{sp0, line0}, {line1, line1}} {
		le.PutUint32(ftab[8*i:], uint32(i))
		le.PutUint32(ftab[8*i+4:], uint32(len(ftab)+i*funcStructSize))
		le.PutUint32(funcs[i*funcStructSize+funcPcspField:], tabs[0])
		le.PutUint32(funcs[i*funcStructSize+funcPclnField:], tabs[1])
		le.PutUint32(funcs[i*funcStructSize+funcStartLine:], uint32(10+i))
	}
	le.PutUint32(ftab[16:], 2)
	data = append(make([]byte, pad), hdr...)
	data = append(data, pctab...)
	data = append(data, ftab...)
	return append(data, funcs...), sp0, line0, line1
}

func TestDropLineTables(t *testing.T) {
	in, sp0, line0, line1 := fakePclntab(11)
	orig := bytes.Clone(in)
	segs := []segment{{offset: 100, data: []byte{1, 2, 3}}, {offset: 4096, data: in}}
	st, err := dropLineTables(segs)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(in, orig) {
		t.Fatal("dropLineTables wrote into its input")
	}
	if st.tables != 0 || st.zeroed != 0 {
		t.Errorf("stats %+v: want nothing zeroed (line0 becomes the shared table, line1 is also a frame-size table)", st)
	}
	out := segs[1].data
	t.Logf("pc-value tables after: % x", out[11+pclnHeaderSize:11+pclnHeaderSize+16])
	pctab := out[11+pclnHeaderSize:]
	if want := []byte{2, 0x80, 0x80, 0x04, 0, 0, 0}; !bytes.Equal(pctab[line0:line0+7], want) {
		t.Errorf("shared line table % x, want % x", pctab[line0:line0+7], want)
	}
	if !bytes.Equal(pctab[sp0:sp0+5], orig[11+pclnHeaderSize+int(sp0):][:5]) || !bytes.Equal(pctab[line1:line1+3], []byte{20, 3, 0}) {
		t.Error("a table that is not only a line table changed")
	}
	r, err := readPclntab(out, 11)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range r.funcs {
		if f.pcln != line0 {
			t.Errorf("function %d: line table %d, want the shared %d", i, f.pcln, line0)
		}
		if l := binary.LittleEndian.Uint32(out[f.at+funcStartLine:]); l != 0 {
			t.Errorf("function %d: start line %d, want 0", i, l)
		}
	}
	// Again: the only line table is the shared one, and nothing changes.
	before := bytes.Clone(out)
	if _, err := dropLineTables(segs); err != nil || !bytes.Equal(segs[1].data, before) {
		t.Errorf("second run changed the table (err %v)", err)
	}
}

func TestDropLineTablesRefuses(t *testing.T) {
	one, _, _, _ := fakePclntab(0)
	for name, segs := range map[string][]segment{
		"no table":   {{data: []byte("no function table here")}},
		"two tables": {{data: one}, {offset: 1 << 20, data: one}},
		"cut short":  {{data: one[:len(one)-3]}},
	} {
		if _, err := dropLineTables(segs); !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: err %v, want ErrUnsupported", name, err)
		}
	}
}

// FuzzDropLineTables checks that dropLineTables never panics, fails only
// with ErrUnsupported, and never writes into its input.
func FuzzDropLineTables(f *testing.F) {
	good, _, _, _ := fakePclntab(3)
	f.Add(good)
	f.Add(good[:len(good)-5])
	f.Fuzz(func(t *testing.T, data []byte) {
		orig := bytes.Clone(data)
		segs := []segment{{data: data}}
		if _, err := dropLineTables(segs); err != nil && !errors.Is(err, ErrUnsupported) {
			t.Fatalf("error %v is not ErrUnsupported", err)
		}
		if !bytes.Equal(data, orig) {
			t.Fatal("wrote into its input")
		}
	})
}
