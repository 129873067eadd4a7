//go:build !js

package sdk_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/wasmws/wasmws/sdk"
)

// Native only: the peers are raw TCP servers of the test's own
// (rawpeer_notjs_test.go), which end the TCP connection without a close
// frame; the bundled server's raw fault keeps TCP open until the client
// closes, so a browser test cannot cut a frame short.

// TestTruncatedFrame: when TCP ends inside a frame or inside a fragmented
// message, the part already received is never delivered as a message (a
// browser drops it too): the connection fails, 1006 unclean, with a cause
// matching io.ErrUnexpectedEOF.
func TestTruncatedFrame(t *testing.T) {
	testCases := []struct {
		name  string
		bytes []byte
	}{
		{"payload cut, 503 of 1007 bytes", cutFrame(0x82, 1007, 503)},
		// coder/websocket reads a frame into the SDK's buffer, which grows
		// 4 KiB, 8 KiB, 16 KiB, 32 KiB: a cut where the buffer fills made
		// coder/websocket report the end of the message, not an error.
		{"payload cut, 4096 of 10000 bytes", cutFrame(0x82, 10000, 4096)},
		{"payload cut, 32768 of 65536 bytes", cutFrame(0x82, 65536, 32768)},
		{"header cut after its first byte", []byte{0x82}},
		{"header cut inside its 16-bit length", []byte{0x82, 0x7e, 0x03}},
		{"header cut inside its 64-bit length", []byte{0x82, 0x7f, 0, 0, 0, 0}},
		{"final fragment never sent", []byte{0x01, 0x03, 'a', 'b', 'c'}},
		{"final fragment never sent, after a continuation", []byte{0x01, 0x01, 'a', 0x00, 0x02, 'b', 'c'}},
		{"final fragment never sent, after a ping", []byte{0x02, 0x01, 'a', 0x89, 0x00}},
		{"final fragment's header cut", []byte{0x01, 0x03, 'a', 'b', 'c', 0x80}},
		{"final fragment's payload cut", []byte{0x01, 0x03, 'a', 'b', 'c', 0x80, 0x03, 'd'}},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			url := cutPeer(t, tc.bytes)
			c, err := sdk.Dial(testContext(t), url, nil)
			if err != nil {
				t.Fatalf("Dial() = %v", err)
			}
			defer c.CloseNow()
			_, p, err := c.Receive(testContext(t))
			if err == nil {
				t.Fatalf("Receive() = %d bytes, nil: a message cut short by the end of TCP was delivered as whole", len(p))
			}
			t.Logf("Receive() = %v", err) // for the record
			var ce sdk.CloseError
			if !errors.As(err, &ce) || ce.Code != sdk.StatusAbnormalClosure || ce.WasClean {
				t.Errorf("Receive() = %v, want CloseError 1006 unclean", err)
			}
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("Receive() = %v, want an error matching io.ErrUnexpectedEOF", err)
			}
			if st := c.ReadyState(); st != sdk.Closed {
				t.Errorf("ReadyState() = %v, want Closed", st)
			}
		})
	}
}

// TestEndBetweenMessages: the control for TestTruncatedFrame. When TCP ends
// after whole messages, they are delivered, and the connection ends 1006
// unclean with no cause beyond the CloseError: nothing was cut.
func TestEndBetweenMessages(t *testing.T) {
	url := cutPeer(t, append(append(cutFrame(0x82, 1007, 1007), 0x01, 0x01, 'a'), 0x80, 0x01, 'b'))
	c, err := sdk.Dial(testContext(t), url, nil)
	if err != nil {
		t.Fatalf("Dial() = %v", err)
	}
	defer c.CloseNow()
	if typ, p := receive(t, c); typ != sdk.Binary || len(p) != 1007 {
		t.Errorf("Receive() = %v of %d bytes, want Binary of 1007", typ, len(p))
	}
	if typ, p := receive(t, c); typ != sdk.Text || string(p) != "ab" {
		t.Errorf("Receive() = %v %q, want Text ab", typ, p)
	}
	ce, err := receiveClose(t, c)
	if ce.Code != sdk.StatusAbnormalClosure || ce.WasClean {
		t.Errorf("CloseError = %+v, want 1006 unclean", ce)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("Receive() = %v: nothing was cut", err)
	}
}

// cutPeer is a raw peer that answers the handshake, writes b and ends the
// TCP connection without a close frame: it sends its FIN, then reads what
// the client still sends (the pong to a ping in b) until the client
// closes. Closing with the client's bytes unread would end the connection
// with a reset, which the client may see instead of the end of the stream.
func cutPeer(t *testing.T, b []byte) string {
	t.Helper()
	url, _ := rawPeer(t, func(c net.Conn, br *bufio.Reader, req *http.Request) {
		if upgrade(c, req, "") != nil {
			return
		}
		_, _ = c.Write(b)
		if err := c.(*net.TCPConn).CloseWrite(); err != nil {
			return
		}
		drain(br)
	})
	return url
}

// cutFrame returns an unmasked frame whose first header byte is b0, whose
// header announces a payload of size bytes, and of which only the first
// sent payload bytes follow.
func cutFrame(b0 byte, size, sent int) []byte {
	var h []byte
	switch {
	case size < 126:
		h = []byte{b0, byte(size)}
	case size < 1<<16:
		h = []byte{b0, 0x7e, byte(size >> 8), byte(size)}
	default:
		h = []byte{b0, 0x7f, 0, 0, 0, 0, byte(size >> 24), byte(size >> 16), byte(size >> 8), byte(size)}
	}
	p := make([]byte, sent)
	for i := range p {
		p[i] = byte(i)
	}
	return append(h, p...)
}
