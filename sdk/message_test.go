package sdk_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/wasmws/wasmws/sdk"
)

// TestNewMessage: NewMessage checks as Send does and copies the caller's
// bytes, so changing them afterwards changes nothing.
func TestNewMessage(t *testing.T) {
	t.Parallel()
	p := []byte("hello")
	m, err := sdk.NewMessage(sdk.Text, p)
	if err != nil {
		t.Fatal(err)
	}
	p[0] = 'j'
	if got := string(m.Bytes()); got != "hello" || m.Type() != sdk.Text || m.Len() != 5 {
		t.Errorf("NewMessage(Text, %q) = %v %q (len %d) want Text \"hello\" (len 5)", "hello", m.Type(), got, m.Len())
	}
	if got, want := m.Cost(), int64(sdk.MessageOverhead); got != want {
		t.Errorf("Cost() of 5 bytes = %d want %d", got, want)
	}
	if got, want := sdk.MessageCost(1<<20), int64(1<<20); got != want {
		t.Errorf("MessageCost(1 MiB) = %d want %d", got, want)
	}
	for _, tc := range []struct {
		typ sdk.MessageType
		p   []byte
	}{{sdk.Text, []byte{0xff}}, {0, nil}, {7, []byte("x")}} {
		if _, err := sdk.NewMessage(tc.typ, tc.p); !errors.Is(err, sdk.ErrInvalidMessage) {
			t.Errorf("NewMessage(%v, %q) = %v want %v", tc.typ, tc.p, err, sdk.ErrInvalidMessage)
		}
	}
}

// TestSendMessage: a Message is echoed like the same bytes given to Send,
// can be sent again, and the zero Message is refused.
func TestSendMessage(t *testing.T) {
	t.Parallel()
	c := dial(t, "", nil)
	ctx := testContext(t)
	m, err := sdk.NewMessage(sdk.Binary, pattern(3, 1000))
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := c.SendMessage(ctx, m); err != nil {
			t.Fatalf("SendMessage() = %v", err)
		}
	}
	for range 2 {
		typ, got := receive(t, c)
		if typ != sdk.Binary || !bytes.Equal(got, m.Bytes()) {
			t.Errorf("echo = %v of %d bytes want Binary, the message's 1000 bytes", typ, len(got))
		}
	}
	if err := c.SendMessage(ctx, sdk.Message{}); !errors.Is(err, sdk.ErrInvalidMessage) {
		t.Errorf("SendMessage(zero Message) = %v want %v", err, sdk.ErrInvalidMessage)
	}
}
