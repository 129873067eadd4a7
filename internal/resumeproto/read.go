package resumeproto

import (
	"errors"
	"io"
)

// maxDataHeader is the longest DATA frame before its payload's bytes: the
// kind, the type, and four uint fields (seq, ack, limit, length).
const maxDataHeader = 2 + 4*maxVarintLen

// errTooBig refuses a DATA payload above the receiver's limit (PROTOCOL.md
// § 2).
const errTooBig = violation("too big")

// PayloadAllocator is a reader that gives [ReadFrame] the buffer of a DATA
// payload of n bytes, or an error that ends the read.
type PayloadAllocator interface {
	AllocPayload(n int) ([]byte, error)
}

// ReadFrame reads one frame from r, which yields the bytes of one WebSocket
// message and then io.EOF. A DATA frame's payload is read straight into a
// buffer of its exact size, which the returned Frame owns: one allocation
// per message, where reading the message whole into a growing buffer first
// would make several and copy it again. maxPayload bounds a DATA payload
// (larger: a violation, "too big", before anything is allocated). Other
// kinds are read whole and given to [Parse].
//
// When r is a [PayloadAllocator], the payload's buffer comes from it: a
// server charges it to a memory budget before the payload's bytes arrive
// (a peer may declare a length and send nothing more).
//
// An error that matches [ErrProtocol] is the peer's violation; any other is
// r's own (the connection failed).
func ReadFrame(r io.Reader, maxPayload int) (Frame, error) {
	var head [maxDataHeader]byte
	n, err := io.ReadFull(r, head[:])
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return Parse(append([]byte(nil), head[:n]...)) // a short message: whole
	case err != nil:
		return Frame{}, err
	case Kind(head[0]) != KindData:
		rest, err := io.ReadAll(r)
		if err != nil {
			return Frame{}, err
		}
		return Parse(append(head[:], rest...))
	}
	rd := reader{p: head[1:]}
	f := Frame{Kind: KindData}
	rd.dataFields(&f)
	length := rd.uint()
	switch {
	case rd.err != nil:
		return Frame{}, rd.err
	case length > uint64(maxPayload):
		return Frame{}, errTooBig
	case uint64(len(rd.p)) > length:
		return Frame{}, errTrailing
	}
	if a, ok := r.(PayloadAllocator); ok {
		if f.Payload, err = a.AllocPayload(int(length)); err != nil {
			return Frame{}, err
		}
	} else {
		f.Payload = make([]byte, length)
	}
	got := copy(f.Payload, rd.p)
	if _, err := io.ReadFull(r, f.Payload[got:]); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return Frame{}, errTruncated
		}
		return Frame{}, err
	}
	var more [1]byte
	switch _, err := io.ReadFull(r, more[:]); {
	case err == nil:
		return Frame{}, errTrailing
	case !errors.Is(err, io.EOF):
		return Frame{}, err
	}
	rd.checkText(&f)
	if rd.err != nil {
		return Frame{}, rd.err
	}
	return f, nil
}
