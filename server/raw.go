//go:build !js

package server

import (
	"bufio"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"io"
	"net/http"
	"time"
)

// websocketGUID is the constant of RFC 6455 §1.3 behind Sec-WebSocket-Accept.
const websocketGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// serveScripted plays a hostile peer for the raw, rawclose and badaccept
// faults, on the hijacked connection, without coder/websocket: it answers
// the handshake with a 101 (with a wrong Sec-WebSocket-Accept for
// badaccept), sends the raw bytes, then reads the client's frames and
// answers its close frame with the rawclose bytes (by default, the client's
// own close payload), and closes the TCP connection. It holds the
// connection for at most maxWait.
func (s *Server) serveScripted(w http.ResponseWriter, r *http.Request, f faults, protocol string) {
	key := r.Header.Get("Sec-WebSocket-Key")
	if key == "" || r.Header.Get("Upgrade") == "" {
		s.metrics.rejects[rejectUpgrade].Add(1)
		refuse(w, http.StatusBadRequest, "raw, rawclose and badaccept need a WebSocket handshake")
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		refuse(w, http.StatusInternalServerError, "cannot hijack the connection")
		return
	}
	conn, brw, err := hj.Hijack()
	if err != nil {
		s.log.Warn("hijack failed", "remote", r.RemoteAddr, "err", err)
		return
	}
	defer conn.Close()
	s.metrics.accepted.Add(1)
	_ = conn.SetDeadline(time.Now().Add(maxWait))
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		select {
		case <-s.stopping:
			_ = conn.Close()
		case <-stop:
		}
	}()

	accept := acceptFor(key)
	if f.badAccept {
		accept = acceptFor(key + "x")
	}
	head := "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n"
	if protocol != "" {
		head += "Sec-WebSocket-Protocol: " + protocol + "\r\n"
	}
	if _, err := io.WriteString(conn, head+"\r\n"+f.raw); err != nil {
		return
	}
	for {
		op, payload, err := readClientFrame(brw.Reader)
		if err != nil {
			return
		}
		if op == 0x8 {
			answer := append([]byte{0x88, byte(len(payload))}, payload...)
			if f.rawCloseSet {
				answer = []byte(f.rawClose)
			}
			_, _ = conn.Write(answer)
			return // the server closes TCP first (RFC 6455 §7.1.1)
		}
	}
}

// readClientFrame reads one frame a client sent and returns its opcode and
// unmasked payload (at most 125 bytes are kept; longer payloads are
// skipped, for this peer answers only close frames).
func readClientFrame(br *bufio.Reader) (byte, []byte, error) {
	var h [14]byte
	if _, err := io.ReadFull(br, h[:2]); err != nil {
		return 0, nil, err
	}
	n := uint64(h[1] & 0x7f)
	ext := 0
	switch n {
	case 126:
		ext = 2
	case 127:
		ext = 8
	}
	if _, err := io.ReadFull(br, h[2:2+ext+4]); err != nil {
		return 0, nil, err
	}
	switch ext {
	case 2:
		n = uint64(binary.BigEndian.Uint16(h[2:]))
	case 8:
		n = binary.BigEndian.Uint64(h[2:])
	}
	mask := h[2+ext : 2+ext+4]
	if n > 125 {
		_, err := io.CopyN(io.Discard, br, int64(n))
		return h[0] & 0x0f, nil, err
	}
	p := make([]byte, n)
	if _, err := io.ReadFull(br, p); err != nil {
		return 0, nil, err
	}
	for i := range p {
		p[i] ^= mask[i%4]
	}
	return h[0] & 0x0f, p, nil
}

// acceptFor is the Sec-WebSocket-Accept that answers key.
func acceptFor(key string) string {
	sum := sha1.Sum([]byte(key + websocketGUID))
	return base64.StdEncoding.EncodeToString(sum[:])
}
