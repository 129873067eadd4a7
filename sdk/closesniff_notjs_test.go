//go:build !js

package sdk

import (
	"net"
	"testing"
)

// TestCloseSniffer feeds a handshake response and frames to the sniffer in
// every split, masked and not, with short and extended lengths.
func TestCloseSniffer(t *testing.T) {
	frame := func(opcode byte, masked bool, payload []byte) []byte {
		b := []byte{0x80 | opcode}
		m := byte(0)
		if masked {
			m = 0x80
		}
		switch n := len(payload); {
		case n < 126:
			b = append(b, m|byte(n))
		case n < 1<<16:
			b = append(b, m|126, byte(n>>8), byte(n))
		default:
			b = append(b, m|127, 0, 0, 0, 0, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
		}
		key := []byte{1, 2, 3, 4}
		if masked {
			b = append(b, key...)
			for i, c := range payload {
				b = append(b, c^key[i%4])
			}
			return b
		}
		return append(b, payload...)
	}
	testCases := []struct {
		name   string
		masked bool
		close  []byte
		want   CloseError
		ok     bool
	}{
		{"code and reason", false, []byte{0x0f, 0xa1, 'b', 'y', 'e'}, CloseError{Code: 4001, Reason: "bye", WasClean: true}, true},
		{"masked", true, []byte{0x03, 0xe8, 'o', 'k'}, CloseError{Code: 1000, Reason: "ok", WasClean: true}, true},
		{"no code", false, nil, CloseError{Code: StatusNoStatusRcvd, WasClean: true}, true},
		{"one byte", false, []byte{1}, CloseError{}, false},
		{"bad UTF-8", false, []byte{0x03, 0xe8, 0xff}, CloseError{}, false},
	}
	for _, tc := range testCases {
		var stream []byte
		stream = append(stream, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"...)
		stream = append(stream, frame(0x1, tc.masked, []byte("hello \r\n\r\n"))...)
		stream = append(stream, frame(0x2, tc.masked, make([]byte, 300))...)
		stream = append(stream, frame(0x2, false, make([]byte, 70000))...)
		stream = append(stream, frame(0x9, false, []byte("ping"))...)
		stream = append(stream, frame(0x8, tc.masked, tc.close)...)
		for split := 0; split < len(stream); split += 1 + split/7 {
			s := &closeSniffer{Conn: nopConn{}}
			s.feed(stream[:split])
			s.feed(stream[split:])
			got, ok := s.closeFrame()
			if ok != tc.ok || got != tc.want {
				t.Fatalf("%s, split at %d: closeFrame() = %+v, %v want %+v, %v", tc.name, split, got, ok, tc.want, tc.ok)
			}
		}
	}
}

type nopConn struct{ net.Conn }
