//go:build !js

package sdk

import (
	"encoding/binary"
	"io"
	"strconv"
)

// maxControlPayload is the largest payload of a control frame (RFC 6455
// §5.5).
const maxControlPayload = 125

// Frame opcodes (RFC 6455 §5.2).
const (
	opContinuation = 0x0
	opText         = 0x1
	opBinary       = 0x2
	opClose        = 0x8
	opPing         = 0x9
	opPong         = 0xa
)

// frameChecker reads the frame stream a server sends, after the handshake,
// and refuses what a browser refuses: masked frames, set RSV bits (no
// extension is ever negotiated), unknown opcodes, long or fragmented control
// frames, a message that starts inside another or a continuation with none,
// a 64-bit length with its top bit set, and close frames that
// parseClosePayload refuses. It also ends a message of more than
// MaxEmptyFragments empty frames. It records the peer's close frame.
//
// It parses headers and counts payload bytes; it copies nothing but a close
// frame's at most 125 bytes. Its zero value is ready; it is not safe for
// concurrent use.
type frameChecker struct {
	hdr       [14]byte // a frame header read in part
	hdrLen    int
	opcode    byte
	remaining uint64 // payload bytes left in the current frame

	inMessage   bool // a fragmented data message is in progress
	emptyFrames int  // empty data frames in the current message

	closePayload []byte      // the close frame's payload so far
	peerClose    *CloseError // the peer's close frame, once read whole
	err          error       // the first violation; sticky
}

// feed checks the next bytes of the stream. It returns how many leading
// bytes of b are safe to pass on: all of b, or, at the first violation, the
// bytes before the frame that broke the rules, with the error. After a
// violation every call returns 0 and the error. After the peer's close frame
// nothing more is checked (nothing may follow it).
func (f *frameChecker) feed(b []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	frameStart := 0 // where in b the current frame began (0: before b)
	i := 0
	for i < len(b) && f.peerClose == nil {
		if f.remaining > 0 {
			n := int(min(uint64(len(b)-i), f.remaining))
			if f.opcode == opClose {
				f.closePayload = append(f.closePayload, b[i:i+n]...)
			}
			i += n
			f.remaining -= uint64(n)
			if f.remaining == 0 && f.opcode == opClose {
				f.finishClose()
			}
		} else {
			if f.hdrLen == 0 {
				frameStart = i
			}
			f.hdr[f.hdrLen] = b[i]
			f.hdrLen++
			i++
			if f.hdrLen >= 2 && f.hdrLen == headerLen(f.hdr[1]) {
				f.hdrLen = 0
				f.header(f.hdr[:headerLen(f.hdr[1])])
			}
		}
		if f.err != nil {
			return frameStart, f.err
		}
	}
	return len(b), nil
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

// header checks one whole frame header, setting f.err on a violation.
func (f *frameChecker) header(h []byte) {
	fin := h[0]&0x80 != 0
	f.opcode = h[0] & 0x0f
	if h[0]&0x70 != 0 {
		f.err = wrapErr(ErrProtocol, "frame with RSV bits set, but no extension was negotiated")
		return
	}
	if h[1]&0x80 != 0 {
		f.err = wrapErr(ErrProtocol, "masked frame from the server")
		return
	}
	length := uint64(h[1] & 0x7f)
	switch length {
	case 126:
		length = uint64(binary.BigEndian.Uint16(h[2:]))
	case 127:
		length = binary.BigEndian.Uint64(h[2:])
		if length>>63 != 0 {
			f.err = wrapErr(ErrProtocol, "frame length with its most significant bit set")
			return
		}
	}
	switch f.opcode {
	case opClose, opPing, opPong:
		if length > maxControlPayload || !fin {
			f.err = wrapErr(ErrProtocol, "control frame fragmented or longer than 125 bytes")
			return
		}
	case opText, opBinary:
		if f.inMessage {
			f.err = wrapErr(ErrProtocol, "new message before the previous one ended")
			return
		}
		f.emptyFrames = 0
		f.dataFrame(fin, length)
	case opContinuation:
		if !f.inMessage {
			f.err = wrapErr(ErrProtocol, "continuation frame outside a message")
			return
		}
		f.dataFrame(fin, length)
	default:
		f.err = wrapErr(ErrProtocol, "unknown opcode "+strconv.Itoa(int(f.opcode)))
		return
	}
	f.remaining = length
	if f.opcode == opClose {
		f.closePayload = f.closePayload[:0]
		if length == 0 {
			f.finishClose()
		}
	}
}

// dataFrame counts a frame of a data message.
func (f *frameChecker) dataFrame(fin bool, length uint64) {
	f.inMessage = !fin
	if length > 0 {
		return
	}
	f.emptyFrames++
	if f.emptyFrames > MaxEmptyFragments {
		f.err = wrapErr(ErrMessageTooBig, "message of more than "+strconv.Itoa(MaxEmptyFragments)+" empty frames")
	}
}

// ended says whether the stream may end where it is now: it returns nil
// between frames, outside a fragmented message, and after the peer's close
// frame; inside a frame header, a frame's payload or a fragmented message it
// returns an error matching io.ErrUnexpectedEOF. coder/websocket v1.8.15
// takes an end of stream at the start of one of its reads inside a message
// for the end of the message (io.EOF), and would deliver the part received
// as whole; a browser drops it and fails the connection.
func (f *frameChecker) ended() error {
	switch {
	case f.peerClose != nil:
		return nil
	case f.hdrLen > 0:
		return wrapErr(io.ErrUnexpectedEOF, "connection ended inside a frame header")
	case f.remaining > 0:
		return wrapErr(io.ErrUnexpectedEOF, "connection ended "+strconv.FormatUint(f.remaining, 10)+" bytes short of the end of a frame")
	case f.inMessage:
		return wrapErr(io.ErrUnexpectedEOF, "connection ended before the final frame of a fragmented message")
	}
	return nil
}

// finishClose checks and records the close frame just read.
func (f *frameChecker) finishClose() {
	ce, err := parseClosePayload(f.closePayload)
	if err != nil {
		f.err = err
		return
	}
	f.peerClose = &ce
}
