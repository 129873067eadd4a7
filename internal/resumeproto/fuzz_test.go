package resumeproto

import (
	"errors"
	"testing"
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
