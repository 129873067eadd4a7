package resumeproto

import (
	"bytes"
	"errors"
	"slices"
	"testing"
)

func tok(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func TestFrameRoundTrip(t *testing.T) {
	t.Parallel()
	testCases := []struct {
		name string
		f    Frame
	}{
		{"hello new", Frame{Kind: KindHello, Limit: 1 << 20}},
		{"hello resume", Frame{Kind: KindHello, Token: tok(7), Ack: 42, Limit: MaxUint, Protocols: []string{"chat", "superchat"}}},
		{"welcome", Frame{Kind: KindWelcome, Status: StatusResumed, Token: tok(1), Epoch: 3, Ack: 9, Limit: 77, Protocol: "chat"}},
		{"welcome not resumed", Frame{Kind: KindWelcome, Status: StatusUnknown, Token: tok(2), Epoch: 1, OldAck: 11, OldSent: 5}},
		{"data text", Frame{Kind: KindData, Type: TypeText, Seq: 1, Ack: 0, Limit: 1 << 20, Payload: []byte("hi")}},
		{"data binary empty", Frame{Kind: KindData, Type: TypeBinary, Seq: 1 << 40, Ack: 1 << 30, Limit: 1 << 50, Payload: []byte{}}},
		{"ack", Frame{Kind: KindAck, Ack: 5, Limit: 300}},
		{"bye", Frame{Kind: KindBye}},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := Append(nil, &tc.f)
			got, err := Parse(p)
			if err != nil {
				t.Fatalf("Parse(Append(%+v)) error %v", tc.f, err)
			}
			if !frameEqual(got, tc.f) {
				t.Errorf("Parse(Append(f)) = %+v want %+v", got, tc.f)
			}
		})
	}
}

// TestFrameExample checks the encoding given in PROTOCOL.md § 9.
func TestFrameExample(t *testing.T) {
	t.Parallel()
	got := Append(nil, &Frame{Kind: KindData, Type: TypeText, Seq: 1, Limit: 1048576, Payload: []byte("hi")})
	want := []byte{0x03, 0x01, 0x01, 0x00, 0x80, 0x80, 0x40, 0x02, 0x68, 0x69}
	if !bytes.Equal(got, want) {
		t.Errorf("DATA = % x want % x", got, want)
	}
}

func TestParseRefuses(t *testing.T) {
	t.Parallel()
	testCases := []struct {
		name string
		p    []byte
	}{
		{"empty", nil},
		{"unknown kind", []byte{0x09}},
		{"kind zero", []byte{0x00}},
		{"truncated ack", []byte{0x04, 0x80}},
		{"ack missing limit", []byte{0x04, 0x01}},
		{"trailing byte", []byte{0x04, 0x01, 0x01, 0x00}},
		{"bye with bytes", []byte{0x05, 0x00}},
		{"varint of 9 bytes", []byte{0x04, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x00}},
		{"varint above 2^53-1", []byte{0x04, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x10, 0x00}},
		{"data bad type", []byte{0x03, 0x03, 0x01, 0x00, 0x00, 0x00}},
		{"data text not utf8", []byte{0x03, 0x01, 0x01, 0x00, 0x00, 0x01, 0xff}},
		{"data truncated payload", []byte{0x03, 0x02, 0x01, 0x00, 0x00, 0x03, 0xaa, 0xbb}},
		{"data bytes after payload", []byte{0x03, 0x02, 0x01, 0x00, 0x00, 0x01, 0xaa, 0xbb}},
		{"hello short token", append([]byte{0x01, 0x04}, 1, 2, 3, 4, 0, 0, 0)},
		{"hello token too long", append(append([]byte{0x01, 65}, bytes.Repeat([]byte{1}, 65)...), 0, 0, 0)},
		{"hello too many protocols", []byte{0x01, 0x00, 0x00, 0x00, 33}},
		{"hello empty protocol", []byte{0x01, 0x00, 0x00, 0x00, 1, 0}},
		{"hello protocol past end", []byte{0x01, 0x00, 0x00, 0x00, 1, 5, 'a'}},
		{"welcome bad status", Append(nil, &Frame{Kind: KindWelcome, Status: 4, Token: tok(1)})},
		{"welcome empty token", Append(nil, &Frame{Kind: KindWelcome})},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, err := Parse(tc.p)
			if !errors.Is(err, ErrProtocol) {
				t.Errorf("Parse(% x) = %+v, %v want an error matching ErrProtocol", tc.p, f, err)
			}
			if err != nil && len(Reason(err)) > 123 {
				t.Errorf("Reason(%v) is %d bytes, more than a close reason holds", err, len(Reason(err)))
			}
		})
	}
}

// TestParseNonMinimal: a varint with redundant groups is accepted (§ 2).
func TestParseNonMinimal(t *testing.T) {
	t.Parallel()
	f, err := Parse([]byte{0x04, 0x85, 0x00, 0x80, 0x80, 0x00})
	if err != nil || f.Ack != 5 || f.Limit != 0 {
		t.Errorf("Parse(non-minimal ACK) = %+v, %v want ack 5 limit 0", f, err)
	}
}

func frameEqual(a, b Frame) bool {
	return a.Kind == b.Kind && a.Ack == b.Ack && a.Limit == b.Limit &&
		bytes.Equal(a.Token, b.Token) && slices.Equal(a.Protocols, b.Protocols) &&
		a.Status == b.Status && a.Epoch == b.Epoch && a.Protocol == b.Protocol &&
		a.OldAck == b.OldAck && a.OldSent == b.OldSent &&
		a.Type == b.Type && a.Seq == b.Seq && bytes.Equal(a.Payload, b.Payload)
}
