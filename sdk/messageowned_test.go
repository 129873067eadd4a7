package sdk_test

import (
	"errors"
	"testing"

	"github.com/wasmws/wasmws/sdk"
)

// TestNewMessageOwned: NewMessageOwned checks as NewMessage does and keeps
// the caller's bytes themselves; an empty payload is an empty message, not
// the zero Message.
func TestNewMessageOwned(t *testing.T) {
	t.Parallel()
	p := []byte("hello")
	m, err := sdk.NewMessageOwned(sdk.Text, p)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(m.Bytes()); got != "hello" || m.Type() != sdk.Text || m.Len() != 5 {
		t.Errorf("NewMessageOwned(Text, %q) = %v %q (len %d) want Text \"hello\" (len 5)", "hello", m.Type(), got, m.Len())
	}
	if &m.Bytes()[0] != &p[0] {
		t.Error("NewMessageOwned copied the bytes it was given")
	}
	empty, err := sdk.NewMessageOwned(sdk.Binary, nil)
	if err != nil || empty.Type() != sdk.Binary || empty.Bytes() == nil || empty.Len() != 0 {
		t.Errorf("NewMessageOwned(Binary, nil) = %v, %v (bytes nil: %v) want an empty Binary message", empty.Type(), err, empty.Bytes() == nil)
	}
	for _, tc := range []struct {
		typ sdk.MessageType
		p   []byte
	}{{sdk.Text, []byte{0xff}}, {0, nil}, {7, []byte("x")}} {
		if _, err := sdk.NewMessageOwned(tc.typ, tc.p); !errors.Is(err, sdk.ErrInvalidMessage) {
			t.Errorf("NewMessageOwned(%v, %q) = %v want %v", tc.typ, tc.p, err, sdk.ErrInvalidMessage)
		}
	}
}
