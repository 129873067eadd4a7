//go:build !js

package sdk

import (
	"encoding/binary"
	"unicode/utf8"
)

// parseClosePayload reads the payload of a close frame received from the
// peer as a browser does (Chromium's ParseCloseFrame): empty means
// [StatusNoStatusRcvd]; one byte, a code that must never be sent (1005, 1006,
// 1015) or a reason that is not UTF-8 is a protocol error, which fails the
// connection. It allocates only the reason string.
func parseClosePayload(p []byte) (CloseError, error) {
	switch {
	case len(p) == 0:
		return CloseError{Code: StatusNoStatusRcvd, WasClean: true}, nil
	case len(p) == 1:
		return CloseError{}, wrapErr(ErrProtocol, "close frame of one byte")
	case len(p) > maxControlPayload:
		return CloseError{}, wrapErr(ErrProtocol, "close frame longer than 125 bytes")
	}
	code := StatusCode(binary.BigEndian.Uint16(p))
	switch code {
	case StatusNoStatusRcvd, StatusAbnormalClosure, StatusTLSHandshake:
		return CloseError{}, wrapErr(ErrProtocol, "close frame with the reserved code "+code.String())
	}
	if !utf8.Valid(p[2:]) {
		return CloseError{}, wrapErr(ErrProtocol, "close reason is not UTF-8")
	}
	return CloseError{Code: code, Reason: string(p[2:]), WasClean: true}, nil
}
