//go:build !js

package sdk

import (
	"encoding/binary"
	"net"
	"sync"
	"unicode/utf8"
)

// closeSniffer wraps the raw connection and records the peer's close frame as
// the bytes go by, so the native transport reports exactly what the peer sent
// (as the browser's CloseEvent does) whichever goroutine reads it:
// coder/websocket's Close reads the close frame itself when it wins the race
// with the transport's reader, and then the reader sees only a closed
// connection. It parses frame headers and counts payload bytes; it copies
// nothing but the close frame's at most 125 bytes.
type closeSniffer struct {
	net.Conn

	mu         sync.Mutex
	crlf       int    // how much of "\r\n\r\n" ends what was read so far
	inFrames   bool   // past the HTTP response
	hdr        []byte // a frame header read in part
	remaining  uint64 // payload bytes left in the current frame
	closing    bool   // the current frame is a close frame
	mask       [4]byte
	masked     bool
	pos        uint64 // payload position, for unmasking
	payload    []byte // the close frame's payload so far
	peerClose  *CloseError
	frameError bool // the stream did not parse: report nothing
}

func (s *closeSniffer) Read(p []byte) (int, error) {
	n, err := s.Conn.Read(p)
	if n > 0 {
		s.mu.Lock()
		s.feed(p[:n])
		s.mu.Unlock()
	}
	return n, err
}

// closeFrame returns the peer's close frame, if one was read whole.
func (s *closeSniffer) closeFrame() (CloseError, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.peerClose == nil || s.frameError {
		return CloseError{}, false
	}
	return *s.peerClose, true
}

func (s *closeSniffer) feed(b []byte) {
	for len(b) > 0 && !s.frameError && s.peerClose == nil {
		switch {
		case !s.inFrames:
			b = s.skipHTTP(b)
		case s.remaining > 0:
			b = s.skipPayload(b)
		default:
			b = s.readHeader(b)
		}
	}
}

// skipHTTP consumes the handshake response, up to its blank line.
func (s *closeSniffer) skipHTTP(b []byte) []byte {
	const end = "\r\n\r\n"
	for i, c := range b {
		switch {
		case c == end[s.crlf]:
			s.crlf++
		case c == '\r':
			s.crlf = 1
		default:
			s.crlf = 0
		}
		if s.crlf == len(end) {
			s.inFrames = true
			return b[i+1:]
		}
	}
	return nil
}

func (s *closeSniffer) readHeader(b []byte) []byte {
	need := 2
	if len(s.hdr) >= 2 {
		need = headerLen(s.hdr[1])
	}
	for len(s.hdr) < need && len(b) > 0 {
		s.hdr = append(s.hdr, b[0])
		b = b[1:]
		if len(s.hdr) == 2 {
			need = headerLen(s.hdr[1])
		}
	}
	if len(s.hdr) < need {
		return b
	}
	h := s.hdr
	s.hdr = s.hdr[:0]
	s.closing = h[0]&0x0f == 0x8
	s.masked = h[1]&0x80 != 0
	length, rest := uint64(h[1]&0x7f), h[2:]
	switch length {
	case 126:
		length, rest = uint64(binary.BigEndian.Uint16(rest)), rest[2:]
	case 127:
		length, rest = binary.BigEndian.Uint64(rest), rest[8:]
	}
	if s.masked {
		copy(s.mask[:], rest)
	}
	if s.closing && length > 125 {
		s.frameError = true
		return nil
	}
	s.remaining, s.pos, s.payload = length, 0, s.payload[:0]
	if s.closing && length == 0 {
		s.finishClose()
	}
	return b
}

// headerLen is the length of a frame header whose second byte is b1.
func headerLen(b1 byte) int {
	n := 2
	switch b1 & 0x7f {
	case 126:
		n += 2
	case 127:
		n += 8
	}
	if b1&0x80 != 0 {
		n += 4
	}
	return n
}

func (s *closeSniffer) skipPayload(b []byte) []byte {
	n := min(uint64(len(b)), s.remaining)
	if s.closing {
		for _, c := range b[:n] {
			if s.masked {
				c ^= s.mask[s.pos%4]
			}
			s.payload = append(s.payload, c)
			s.pos++
		}
	}
	s.remaining -= n
	if s.closing && s.remaining == 0 {
		s.finishClose()
	}
	return b[n:]
}

// finishClose records the close frame just read, as the browser reads it.
func (s *closeSniffer) finishClose() {
	switch p := s.payload; {
	case len(p) == 0:
		s.peerClose = &CloseError{Code: StatusNoStatusRcvd, WasClean: true}
	case len(p) >= 2 && utf8.Valid(p[2:]):
		s.peerClose = &CloseError{Code: StatusCode(binary.BigEndian.Uint16(p)), Reason: string(p[2:]), WasClean: true}
	default:
		s.frameError = true
	}
}
