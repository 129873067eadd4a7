package wasmpack

import "fmt"

// Section ids of the WebAssembly binary format.
const (
	sectionCustom    = 0
	sectionType      = 1
	sectionImport    = 2
	sectionFunction  = 3
	sectionTable     = 4
	sectionMemory    = 5
	sectionGlobal    = 6
	sectionExport    = 7
	sectionStart     = 8
	sectionElement   = 9
	sectionCode      = 10
	sectionData      = 11
	sectionDataCount = 12
	sectionTag       = 13
)

// header is the magic number and version 1 that begin every module.
var header = []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}

// section is one section of a module: its id and its payload, a sub-slice
// of the module at absolute offset start.
type section struct {
	id      byte
	payload []byte
	start   int
}

// parseSections splits a module into its sections. It checks the header,
// that every section's size fits, and that non-custom sections are known
// and in the order the specification requires.
func parseSections(module []byte) ([]section, error) {
	if len(module) < len(header) || string(module[:len(header)]) != string(header) {
		return nil, fmt.Errorf("%w: not a WebAssembly 1.0 module (bad magic number or version)", ErrMalformed)
	}
	r := &reader{b: module, pos: len(header)}
	var sections []section
	last := -1 // order rank of the last non-custom section
	for !r.done() {
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		start := r.pos
		payload, err := r.bytes(size)
		if err != nil {
			return nil, err
		}
		if id != sectionCustom {
			rank := sectionRank(id)
			if rank < 0 {
				return nil, fmt.Errorf("%w: unknown section id %d at byte %d", ErrUnsupported, id, start)
			}
			if rank <= last {
				return nil, fmt.Errorf("%w: section id %d out of order or repeated at byte %d", ErrMalformed, id, start)
			}
			last = rank
		}
		sections = append(sections, section{id: id, payload: payload, start: start})
	}
	return sections, nil
}

// sectionRank is the position a non-custom section must keep relative to
// the others (DataCount sits between Element and Code, Tag between Memory
// and Global), or -1 for an id Pack does not know.
func sectionRank(id byte) int {
	order := [...]byte{sectionType, sectionImport, sectionFunction, sectionTable, sectionMemory,
		sectionTag, sectionGlobal, sectionExport, sectionStart, sectionElement, sectionDataCount,
		sectionCode, sectionData}
	for i, o := range order {
		if o == id {
			return i
		}
	}
	return -1
}

// appendSection appends a section with the given id and payload.
func appendSection(b []byte, id byte, payload []byte) []byte {
	b = append(b, id)
	b = appendU32(b, uint32(len(payload)))
	return append(b, payload...)
}
