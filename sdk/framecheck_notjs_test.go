//go:build !js

package sdk

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// Native only: the checks guard coder/websocket's byte stream; the browser
// makes its own.

// frame encodes one frame from the server: fin set, unmasked unless masked.
func frame(opcode byte, masked bool, payload []byte) []byte {
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
	if masked {
		b = append(b, 1, 2, 3, 4)
	}
	return append(b, payload...)
}

const okResponse = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"

// TestFrameChecker feeds streams to a guardConn in every split and checks
// where it stops, why, and the close frame it records.
func TestFrameChecker(t *testing.T) {
	data := append(append(append(frame(0x1, false, []byte("hello \r\n\r\n")), frame(0x2, false, make([]byte, 300))...),
		frame(0x2, false, make([]byte, 70000))...), frame(0x9, false, []byte("ping"))...)
	// empties is a message of n empty frames.
	empties := func(n int) []byte {
		return append(append([]byte{0x01, 0x00}, bytes.Repeat([]byte{0x00, 0x00}, n-2)...), 0x80, 0x00)
	}
	testCases := []struct {
		name  string
		tail  []byte // after data
		good  int    // bytes of tail passed on
		err   error  // nil, ErrProtocol or ErrMessageTooBig
		close *CloseError
	}{
		{"code and reason", frame(0x8, false, []byte{0x0f, 0xa1, 'b', 'y', 'e'}), -1, nil, &CloseError{Code: 4001, Reason: "bye", WasClean: true}},
		{"no code", frame(0x8, false, nil), -1, nil, &CloseError{Code: StatusNoStatusRcvd, WasClean: true}},
		{"close then anything", append(frame(0x8, false, []byte{3, 0xe8}), 0xff, 0xff), -1, nil, &CloseError{Code: 1000, WasClean: true}},
		{"one byte close", frame(0x8, false, []byte{1}), 0, ErrProtocol, nil},
		{"reason not UTF-8", frame(0x8, false, []byte{0x03, 0xe8, 0xff}), 0, ErrProtocol, nil},
		{"code 1005", frame(0x8, false, []byte{0x03, 0xed}), 0, ErrProtocol, nil},
		{"masked", frame(0x2, true, []byte("x")), 0, ErrProtocol, nil},
		{"masked close", frame(0x8, true, []byte{3, 0xe8}), 0, ErrProtocol, nil},
		{"rsv1", []byte{0xc1, 0x00}, 0, ErrProtocol, nil},
		{"opcode 3", []byte{0x83, 0x00}, 0, ErrProtocol, nil},
		{"long ping", frame(0x9, false, make([]byte, 126)), 0, ErrProtocol, nil},
		{"fragmented ping", []byte{0x09, 0x00}, 0, ErrProtocol, nil},
		{"lone continuation", []byte{0x80, 0x00}, 0, ErrProtocol, nil},
		{"message inside a message", []byte{0x01, 0x01, 'a', 0x81, 0x00}, 3, ErrProtocol, nil},
		{"length top bit", []byte{0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0}, 0, ErrProtocol, nil},
		{"empty fragments at the bound", empties(MaxEmptyFragments), -1, nil, nil},
		{"empty fragments over the bound", empties(MaxEmptyFragments + 1), 2 * MaxEmptyFragments, ErrMessageTooBig, nil},
		{"fragments with a ping between", []byte{0x01, 0x01, 'a', 0x89, 0x00, 0x80, 0x01, 'b'}, -1, nil, nil},
	}
	for _, tc := range testCases {
		stream := append(append([]byte(okResponse), data...), tc.tail...)
		wantGood := len(okResponse) + len(data) + tc.good
		if tc.good < 0 {
			wantGood = len(stream)
		}
		for split := 0; split < len(stream); split += 1 + split/7 {
			g := &guardConn{}
			n1, err1 := g.feed(stream[:split])
			n2, err := 0, err1
			if err1 == nil {
				n2, err = g.feed(stream[split:])
			}
			good := n1 + n2
			if (tc.err == nil) != (err == nil) || tc.err != nil && !errors.Is(err, tc.err) {
				t.Fatalf("%s, split at %d: error %v want %v", tc.name, split, err, tc.err)
			}
			if good != wantGood && !(err1 != nil && split < wantGood) {
				t.Fatalf("%s, split at %d: passed on %d bytes want %d", tc.name, split, good, wantGood)
			}
			ce, ok := g.closeFrame()
			if ok != (tc.close != nil) || ok && ce != *tc.close {
				t.Fatalf("%s, split at %d: closeFrame() = %+v, %v want %+v", tc.name, split, ce, ok, tc.close)
			}
		}
	}
}

// TestGuardStop: after stop, every Read fails.
func TestGuardStop(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	g := &guardConn{Conn: a}
	g.stop(ErrMessageTooBig)
	if n, err := g.Read(make([]byte, 10)); n != 0 || !errors.Is(err, ErrMessageTooBig) {
		t.Errorf("Read after stop = %d, %v want 0, ErrMessageTooBig", n, err)
	}
}

// TestFrameCheckerEnded: the stream may end only between messages or after
// the peer's close frame; ended reports every other place.
func TestFrameCheckerEnded(t *testing.T) {
	var stream []byte
	boundaries := map[int]bool{0: true}
	for _, part := range [][]byte{
		frame(0x1, false, []byte("hi")),
		{0x01, 0x01, 'a', 0x89, 0x00, 0x80, 0x01, 'b'}, // fragments with a ping between
		frame(0x2, false, make([]byte, 300)),
		frame(0x8, false, []byte{0x03, 0xe8}),
	} {
		stream = append(stream, part...)
		boundaries[len(stream)] = true
	}
	closeEnd := len(stream)
	stream = append(stream, 0x82, 0x7e) // after the close frame: never checked
	for k := 0; k <= len(stream); k++ {
		var f frameChecker
		if n, err := f.feed(stream[:k]); n != k || err != nil {
			t.Fatalf("feed(%d bytes) = %d, %v", k, n, err)
		}
		err := f.ended()
		if may := boundaries[k] || k >= closeEnd; may != (err == nil) {
			t.Errorf("after %d bytes: ended() = %v, want nil: %v", k, err, may)
		}
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("after %d bytes: ended() = %v, want an error matching io.ErrUnexpectedEOF", k, err)
		}
	}
}

// TestGuardEndInsideFrame: an end of stream inside a frame reaches
// coder/websocket as an error matching io.ErrUnexpectedEOF, never as io.EOF,
// after the bytes before it; between messages it stays io.EOF.
func TestGuardEndInsideFrame(t *testing.T) {
	for _, tc := range []struct {
		name  string
		bytes []byte
		want  error
	}{
		{"inside a payload", []byte{0x82, 0x05, 'a', 'b'}, io.ErrUnexpectedEOF},
		{"between messages", frame(0x2, false, []byte("ab")), io.EOF},
	} {
		a, b := net.Pipe()
		g := &guardConn{Conn: a, inFrames: true}
		go func() {
			_, _ = b.Write(tc.bytes)
			_ = b.Close()
		}()
		got, err := io.ReadAll(g)
		if !bytes.Equal(got, tc.bytes) {
			t.Errorf("%s: read %x, want %x", tc.name, got, tc.bytes)
		}
		if tc.want == io.EOF && err != nil || tc.want != io.EOF && !errors.Is(err, tc.want) {
			t.Errorf("%s: ReadAll() = %v, want the stream to end with %v", tc.name, err, tc.want)
		}
		if _, err := g.Read(make([]byte, 1)); !errors.Is(err, tc.want) {
			t.Errorf("%s: Read after the end = %v, want %v", tc.name, err, tc.want)
		}
		_ = a.Close()
	}
}

// TestCheckUpgrade checks handshake answers as a browser does.
func TestCheckUpgrade(t *testing.T) {
	const key = "dGhlIHNhbXBsZSBub25jZQ=="
	const accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" // RFC 6455 §1.3
	if got := acceptFor(key); got != accept {
		t.Fatalf("acceptFor(%q) = %q want %q", key, got, accept)
	}
	base := "HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n"
	testCases := []struct {
		name string
		head string
		want error
	}{
		{"valid", base + "\r\n", nil},
		{"valid with protocol", base + "Sec-WebSocket-Protocol: chat\r\n\r\n", nil},
		{"403", "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n", errNotUpgrade},
		{"100", "HTTP/1.1 100 Continue\r\n\r\n", errInformational},
		{"wrong accept", strings.Replace(base, "s3p", "S3p", 1) + "\r\n", ErrProtocol},
		{"two accepts", base + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n", ErrProtocol},
		{"protocol case differs", base + "Sec-WebSocket-Protocol: Chat\r\n\r\n", ErrProtocol},
		{"two protocols", base + "Sec-WebSocket-Protocol: chat\r\nSec-WebSocket-Protocol: chat\r\n\r\n", ErrProtocol},
		{"extension", base + "Sec-WebSocket-Extensions: x\r\n\r\n", ErrProtocol},
		{"no upgrade", strings.Replace(base, "Upgrade: WebSocket\r\n", "", 1) + "\r\n", ErrProtocol},
		{"no connection", strings.Replace(base, "Connection: keep-alive, Upgrade\r\n", "", 1) + "\r\n", ErrProtocol},
		{"garbage", "HTTP/1.1 101 x\r\n: :\r\n\r\n", ErrProtocol},
	}
	for _, tc := range testCases {
		err := checkUpgrade([]byte(tc.head), key, []string{"chat"})
		if (err == nil) != (tc.want == nil) || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: checkUpgrade() = %v want %v", tc.name, err, tc.want)
		}
	}
	req := "GET / HTTP/1.1\r\nHost: x\r\nsec-websocket-key: " + key + "\r\n\r\n"
	if got := requestKey([]byte(req)); got != key {
		t.Errorf("requestKey() = %q want %q", got, key)
	}
}

// TestGuardResponseTooLong: a response header over maxHandshakeHeader is left
// to coder/websocket's own checks, and frames after it are still checked.
func TestGuardResponseTooLong(t *testing.T) {
	g := &guardConn{key: "k"}
	head := "HTTP/1.1 101 Switching Protocols\r\nX: " + strings.Repeat("a", maxHandshakeHeader) + "\r\n\r\n"
	stream := append([]byte(head), frame(0x2, true, []byte("x"))...)
	n, err := g.feed(stream)
	if n != len(head) || !errors.Is(err, ErrProtocol) {
		t.Errorf("feed() = %d, %v want %d, ErrProtocol (the masked frame)", n, err, len(head))
	}
}

func FuzzParseClosePayload(f *testing.F) {
	for _, p := range [][]byte{nil, {3}, {3, 0xe8}, {3, 0xed}, {3, 0xe8, 0xff}, {0x0f, 0xa1, 'o', 'k'}, {0, 0}} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		ce, err := parseClosePayload(p)
		if err != nil {
			if !errors.Is(err, ErrProtocol) {
				t.Fatalf("parseClosePayload(%x) = %v, not ErrProtocol", p, err)
			}
			code := 0
			if len(p) >= 2 {
				code = int(p[0])<<8 | int(p[1])
			}
			if len(p) != 1 && len(p) <= 125 && code != 1005 && code != 1006 && code != 1015 && utf8.Valid(p[2:]) {
				t.Fatalf("parseClosePayload(%x) = %v, but a browser accepts it", p, err)
			}
			return
		}
		if !ce.WasClean || !utf8.ValidString(ce.Reason) || len(p) == 1 {
			t.Fatalf("parseClosePayload(%x) = %+v", p, ce)
		}
		if len(p) == 0 && ce.Code != StatusNoStatusRcvd || len(p) >= 2 && (int(ce.Code) != int(p[0])<<8|int(p[1]) || ce.Reason != string(p[2:])) {
			t.Fatalf("parseClosePayload(%x) = %+v, not what the frame says", p, ce)
		}
	})
}

// FuzzFrameChecker: any stream, split anywhere, gives the same verdict as the
// whole stream, never passes on more than it was given, and records a close
// frame only if parseClosePayload accepts its payload.
func FuzzFrameChecker(f *testing.F) {
	f.Add(frame(0x1, false, []byte("hi")), 1)
	f.Add(append(frame(0x2, false, make([]byte, 200)), frame(0x8, false, []byte{3, 0xe8, 'x'})...), 50)
	f.Add([]byte{0x82, 0x85, 1, 1, 1, 1, 0x69, 0x64, 0x6d, 0x6d, 0x6e}, 3)
	f.Add([]byte{0x88, 0x04, 0x03, 0xe8, 0xff, 0xfe}, 2)
	f.Add([]byte{0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00}, 4)
	f.Add([]byte{0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0, 1, 2}, 5)
	f.Fuzz(func(t *testing.T, stream []byte, split int) {
		if split < 0 || split > len(stream) {
			split = len(stream) / 2
		}
		var whole frameChecker
		n, err := whole.feed(stream)
		if n > len(stream) || n < 0 || (err == nil && n != len(stream)) {
			t.Fatalf("feed() = %d, %v for %d bytes", n, err, len(stream))
		}
		var parts frameChecker
		n1, err1 := parts.feed(stream[:split])
		n2, err2 := 0, err1
		if err1 == nil {
			n2, err2 = parts.feed(stream[split:])
		}
		if (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
			t.Fatalf("split at %d: error %v, whole: %v", split, err2, err)
		}
		if err == nil && n1+n2 != n || err1 == nil && err2 != nil && split+n2 != n && n2 != 0 {
			t.Fatalf("split at %d: passed on %d+%d, whole: %d", split, n1, n2, n)
		}
		if err == nil && (whole.ended() == nil) != (parts.ended() == nil) {
			t.Fatalf("split at %d: ended() = %v, whole: %v", split, parts.ended(), whole.ended())
		}
		if (whole.peerClose == nil) != (parts.peerClose == nil) || whole.peerClose != nil && *whole.peerClose != *parts.peerClose {
			t.Fatalf("split at %d: close %+v, whole: %+v", split, parts.peerClose, whole.peerClose)
		}
		if err != nil && !errors.Is(err, ErrProtocol) && !errors.Is(err, ErrMessageTooBig) {
			t.Fatalf("feed() = %v, not ErrProtocol or ErrMessageTooBig", err)
		}
		if n, err := whole.feed([]byte{0x81}); err != nil && (n != 0 || err.Error() != whole.err.Error()) {
			t.Fatalf("feed after an error = %d, %v: not sticky", n, err)
		}
	})
}

// FuzzCheckUpgrade: whatever the response, checkUpgrade never panics, and
// accepts only what net/http reads as a 101 with the right headers.
func FuzzCheckUpgrade(f *testing.F) {
	const key = "dGhlIHNhbXBsZSBub25jZQ=="
	f.Add([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"))
	f.Add([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n"))
	f.Add([]byte("HTTP/1.1 403 Forbidden\r\n\r\n"))
	f.Add([]byte("HTTP/1.1 101\r\nUpgrade: x\r\n\r\n"))
	f.Add([]byte("HTTP/1.1 101 OK\r\n folded\r\n\r\n"))
	f.Fuzz(func(t *testing.T, head []byte) {
		err := checkUpgrade(head, key, []string{"chat"})
		if err != nil {
			if !errors.Is(err, ErrProtocol) {
				t.Fatalf("checkUpgrade(%q) = %v, not ErrProtocol", head, err)
			}
			return
		}
		resp, rerr := http.ReadResponse(bufio.NewReader(bytes.NewReader(head)), nil)
		if rerr != nil {
			return // net/http is stricter about the status line; the HTTP client fails first
		}
		if resp.StatusCode != 101 || resp.Header.Get("Sec-WebSocket-Accept") != acceptFor(key) ||
			len(resp.Header.Values("Sec-WebSocket-Extensions")) != 0 {
			t.Fatalf("checkUpgrade(%q) accepted %d %v", head, resp.StatusCode, resp.Header)
		}
		if p := resp.Header.Get("Sec-WebSocket-Protocol"); p != "" && p != "chat" {
			t.Fatalf("checkUpgrade(%q) accepted protocol %q", head, p)
		}
	})
}
