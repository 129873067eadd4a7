package resumeproto

import (
	"bytes"
	"errors"
	"io"
	"math"
	"testing"
	"testing/iotest"
)

// FuzzParse checks that Parse never panics, that every error matches
// ErrProtocol, and that what it accepts encodes back to a frame it parses
// the same. `go test` runs it on the seed corpus.
func FuzzParse(f *testing.F) {
	seeds := []Frame{
		{Kind: KindHello, Token: tok(3), Ack: 1, Limit: 2, Protocols: []string{"chat"}},
		{Kind: KindWelcome, Status: StatusUnknown, Token: tok(4), Epoch: 2, OldAck: 3, OldSent: 4, Protocol: "p"},
		{Kind: KindData, Type: TypeBinary, Seq: 300, Ack: 2, Limit: 1 << 20, Payload: []byte{0, 1, 2}},
		{Kind: KindData, Type: TypeText, Seq: 1, Payload: []byte("héllo")},
		{Kind: KindAck, Ack: MaxUint, Limit: MaxUint},
		{Kind: KindBye},
	}
	for i := range seeds {
		f.Add(Append(nil, &seeds[i]))
	}
	f.Add([]byte{0x04, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{0x01, 0x00, 0x00, 0x00, 0x21})
	f.Fuzz(func(t *testing.T, p []byte) {
		fr, err := Parse(p)
		if err != nil {
			if !errors.Is(err, ErrProtocol) {
				t.Fatalf("Parse(% x) error %v does not match ErrProtocol", p, err)
			}
			return
		}
		again, err := Parse(Append(nil, &fr))
		if err != nil || !frameEqual(again, fr) {
			t.Fatalf("Parse(Append(%+v)) = %+v, %v", fr, again, err)
		}
	})
}

// FuzzReadFrame checks that ReadFrame, reading a message one byte at a time,
// agrees with Parse on it: the same frame, or both a violation.
func FuzzReadFrame(f *testing.F) {
	for _, p := range [][]byte{
		Append(nil, &Frame{Kind: KindData, Type: TypeBinary, Seq: 300, Ack: 2, Limit: 1 << 20, Payload: bytes.Repeat([]byte{7}, 100)}),
		Append(nil, &Frame{Kind: KindData, Type: TypeText, Seq: 1, Payload: []byte("héllo")}),
		Append(nil, &Frame{Kind: KindHello, Token: tok(3), Ack: 1, Limit: 2, Protocols: []string{"chat"}}),
		append(Append(nil, &Frame{Kind: KindData, Type: TypeBinary, Seq: 1, Payload: bytes.Repeat([]byte{1}, 40)}), 0),
		{0x03, 0x02, 0x01, 0x00, 0x00, 0x7f},
	} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		want, werr := Parse(p)
		got, err := ReadFrame(iotest.OneByteReader(bytes.NewReader(p)), math.MaxInt)
		if (err != nil) != (werr != nil) || err != nil && !errors.Is(err, ErrProtocol) {
			t.Fatalf("ReadFrame(% x) error %v, Parse error %v", p, err, werr)
		}
		if err == nil && !frameEqual(got, want) {
			t.Fatalf("ReadFrame(% x) = %+v, Parse = %+v", p, got, want)
		}
	})
}

func TestReadFrameTooBig(t *testing.T) {
	t.Parallel()
	p := Append(nil, &Frame{Kind: KindData, Type: TypeBinary, Seq: 1, Payload: make([]byte, 1000)})
	if _, err := ReadFrame(bytes.NewReader(p), 999); !errors.Is(err, ErrProtocol) || Reason(err) != "too big" {
		t.Errorf("ReadFrame(1000-byte payload, limit 999) = %v want the violation \"too big\"", err)
	}
	if f, err := ReadFrame(bytes.NewReader(p), 1000); err != nil || len(f.Payload) != 1000 {
		t.Errorf("ReadFrame(1000-byte payload, limit 1000) = %d bytes, %v", len(f.Payload), err)
	}
}

func TestReadFrameConnectionError(t *testing.T) {
	t.Parallel()
	p := Append(nil, &Frame{Kind: KindData, Type: TypeBinary, Seq: 1, Payload: make([]byte, 1000)})
	cut := io.MultiReader(bytes.NewReader(p[:500]), iotest.ErrReader(io.ErrClosedPipe))
	if _, err := ReadFrame(cut, 1<<20); !errors.Is(err, io.ErrClosedPipe) {
		t.Errorf("ReadFrame(cut after 500 bytes) = %v want the reader's error", err)
	}
}
