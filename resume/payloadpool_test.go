//go:build !js

package resume

import (
	"testing"

	"github.com/wasmws/wasmws/internal/resumeproto"
)

// TestNewPayloadCapacity: a pooled payload's buffer has its class's
// capacity, so that it returns to the class it came from; a small one is
// left to the allocator.
func TestNewPayloadCapacity(t *testing.T) {
	for _, c := range []struct{ n, cap int }{
		{0, 0}, {100, 100}, {1000, 1024}, {minPooled - 1, minPooled - 1},
		{minPooled, minPooled}, {minPooled + 1, 2 * minPooled}, {50_000, 64 << 10}, {1 << 20, 1 << 20},
	} {
		p := newPayload(c.n)
		if len(p) != c.n || cap(p) != c.cap {
			t.Errorf("newPayload(%d): len %d cap %d, want len %d cap %d", c.n, len(p), cap(p), c.n, c.cap)
		}
	}
}

// TestSendOwnedReusesOnlyReceived: the session reuses the buffer of a
// payload given to SendOwned only when it is, whole, the one Receive
// returned last: other buffers may hold the caller's bytes beyond it.
func TestSendOwnedReusesOnlyReceived(t *testing.T) {
	s := &Session{}
	p := newPayload(minPooled + 1)
	s.received, s.unhandled = resumeproto.Message{Payload: p}, true
	for _, c := range []struct {
		name string
		q    []byte
		want bool
	}{
		{"received", p, true},
		{"shorter", p[:len(p)-1], false},
		{"capacity cut", p[:len(p):len(p)], false},
		{"a copy", append([]byte(nil), p...), false},
		{"empty", p[:0], false},
	} {
		if got := s.isReceived(c.q); got != c.want {
			t.Errorf("%s: isReceived = %v want %v", c.name, got, c.want)
		}
	}
	s.unhandled = false
	if s.isReceived(p) {
		t.Error("isReceived after the message was handled = true want false")
	}
}
