//go:build !js

package sdk

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"net/textproto"
	"slices"
	"strings"
)

// maxHandshakeHeader bounds the bytes of the handshake request and response
// headers the checks hold. Longer headers go unchecked here (coder/websocket
// still checks the response, if more slowly; see checkUpgrade).
const maxHandshakeHeader = 64 << 10

// websocketGUID is the constant of RFC 6455 §1.3 behind Sec-WebSocket-Accept.
const websocketGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// errNotUpgrade marks a response that is not a 101: not the check's business
// (the HTTP client reports the status).
var errNotUpgrade = wrapErr(ErrProtocol, "not a 101 response")

// errInformational marks a 1xx response other than 101, which the HTTP
// client skips to read the next response.
var errInformational = wrapErr(ErrProtocol, "informational response")

// requestKey returns the Sec-WebSocket-Key of a handshake request's header
// block (the request line and header lines, up to the blank line), or "".
func requestKey(head []byte) string {
	tp := textproto.NewReader(bufio.NewReader(bytes.NewReader(head)))
	if _, err := tp.ReadLine(); err != nil {
		return ""
	}
	h, err := tp.ReadMIMEHeader()
	if err != nil && len(h) == 0 {
		return ""
	}
	return h.Get("Sec-WebSocket-Key")
}

// checkUpgrade checks a handshake response's header block as a browser does,
// before coder/websocket sees it: coder/websocket makes the same checks, but
// then reads the body of a refused 101 for up to 3 s, while a browser fails
// at once. key is the request's Sec-WebSocket-Key ("" if unknown: the accept
// check is skipped) and offered the subprotocols offered. It returns
// errNotUpgrade for any status but 101, and an error matching ErrProtocol
// for a 101 a browser refuses: no "Upgrade: websocket", no "Connection:
// Upgrade", a wrong Sec-WebSocket-Accept, a subprotocol that was not offered
// (browsers compare exactly), or any extension (none is offered).
func checkUpgrade(head []byte, key string, offered []string) error {
	tp := textproto.NewReader(bufio.NewReader(bytes.NewReader(head)))
	line, err := tp.ReadLine()
	if err != nil {
		return wrapErr(ErrProtocol, "unreadable handshake response")
	}
	_, status, _ := strings.Cut(line, " ")
	switch {
	case len(status) < 3 || (len(status) > 3 && status[3] != ' '):
		return errNotUpgrade
	case status[:3] == "101":
	case status[0] == '1':
		return errInformational
	default:
		return errNotUpgrade
	}
	h, err := tp.ReadMIMEHeader()
	if err != nil {
		return wrapErr(ErrProtocol, "malformed handshake response header")
	}
	switch {
	case !hasToken(h.Values("Upgrade"), "websocket"):
		return wrapErr(ErrProtocol, "handshake response without Upgrade: websocket")
	case !hasToken(h.Values("Connection"), "upgrade"):
		return wrapErr(ErrProtocol, "handshake response without Connection: Upgrade")
	case key != "" && (len(h.Values("Sec-WebSocket-Accept")) != 1 || h.Get("Sec-WebSocket-Accept") != acceptFor(key)):
		return wrapErr(ErrProtocol, "wrong Sec-WebSocket-Accept in the handshake response")
	case len(h.Values("Sec-WebSocket-Extensions")) > 0:
		return wrapErr(ErrProtocol, "handshake response selects an extension, but none was offered")
	}
	switch ps := h.Values("Sec-WebSocket-Protocol"); {
	case len(ps) > 1:
		return wrapErr(ErrProtocol, "handshake response selects more than one subprotocol")
	case len(ps) == 1 && !slices.Contains(offered, ps[0]):
		return wrapErr(ErrProtocol, "handshake response selects a subprotocol that was not offered")
	}
	return nil
}

// acceptFor is the Sec-WebSocket-Accept that answers key.
func acceptFor(key string) string {
	sum := sha1.Sum([]byte(key + websocketGUID))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// hasToken reports whether a comma-separated header holds token, compared
// case-insensitively.
func hasToken(values []string, token string) bool {
	for _, v := range values {
		for t := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}
