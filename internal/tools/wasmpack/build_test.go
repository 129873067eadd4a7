package wasmpack

// A tiny builder of WebAssembly modules for the tests.

func u32(v uint32) []byte { return appendU32(nil, v) }

// vec prefixes the concatenation of items with their count.
func vec(items ...[]byte) []byte {
	b := u32(uint32(len(items)))
	for _, it := range items {
		b = append(b, it...)
	}
	return b
}

// module assembles a module from sections given as id, payload pairs.
func module(sections ...any) []byte {
	b := append([]byte(nil), header...)
	for i := 0; i < len(sections); i += 2 {
		b = appendSection(b, byte(sections[i].(int)), sections[i+1].([]byte))
	}
	return b
}

// activeSeg is an active segment of memory 0 at offset, flags 0.
func activeSeg(offset int32, data ...byte) []byte {
	b := []byte{0, opI32Const}
	b = appendS32(b, offset)
	b = append(b, opEnd)
	b = append(b, u32(uint32(len(data)))...)
	return append(b, data...)
}

// memorySec is a Memory section of one memory of min pages.
func memorySec(min uint32) []byte { return vec(append([]byte{0}, u32(min)...)) }

// codeSec is a Code section of the given bodies (locals and instructions).
func codeSec(bodies ...[]byte) []byte {
	items := make([][]byte, len(bodies))
	for i, b := range bodies {
		items[i] = append(u32(uint32(len(b))), b...)
	}
	return vec(items...)
}

// memoryImage is what the active segments of a module write into its
// initial memory, in order: the address and value of every non-zero byte
// (memory starts zeroed, so that is all instantiation can tell apart).
func memoryImage(module []byte) (map[uint32]byte, error) {
	sections, err := parseSections(module)
	if err != nil {
		return nil, err
	}
	mem := make(map[uint32]byte)
	for _, s := range sections {
		if s.id != sectionData {
			continue
		}
		segs, err := parseData(s)
		if err != nil {
			return nil, err
		}
		for _, seg := range segs {
			for i, c := range seg.data {
				if c == 0 {
					delete(mem, seg.offset+uint32(i))
				} else {
					mem[seg.offset+uint32(i)] = c
				}
			}
		}
	}
	return mem, nil
}
