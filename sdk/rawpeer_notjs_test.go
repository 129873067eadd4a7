//go:build !js

package sdk_test

import (
	"bufio"
	"crypto/sha1"
	"encoding/base64"
	"net"
	"net/http"
	"testing"

	"github.com/wasmws/wasmws/sdk"
)

// Native only: a browser test cannot open a listening socket, so these peers
// of the test's own, speaking raw RFC 6455 bytes, exist only natively.

// rawPeer is a hostile server of the test's own on raw TCP: it accepts one
// connection, reads the handshake request, and hands the connection to
// script, which writes whatever bytes it likes. It returns the ws:// URL and
// a channel closed once script has returned and the connection is closed;
// the test's cleanup waits for that too.
func rawPeer(t *testing.T, script func(c net.Conn, br *bufio.Reader, req *http.Request)) (string, <-chan struct{}) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := ln.Accept()
		_ = ln.Close()
		if err != nil {
			return
		}
		defer c.Close()
		br := bufio.NewReader(c)
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		script(c, br, req)
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		<-done
	})
	return "ws://" + ln.Addr().String() + "/", done
}

// acceptKey is the Sec-WebSocket-Accept answer to req.
func acceptKey(req *http.Request) string {
	h := sha1.Sum([]byte(req.Header.Get("Sec-WebSocket-Key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	return base64.StdEncoding.EncodeToString(h[:])
}

// upgrade writes a valid 101 answer to req, with extra header lines.
func upgrade(c net.Conn, req *http.Request, extra string) error {
	_, err := c.Write([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Accept: " + acceptKey(req) + "\r\n" + extra + "\r\n"))
	return err
}

// readClientFrame reads one masked frame of the client and returns its
// opcode and unmasked payload.
func readClientFrame(br *bufio.Reader) (byte, []byte, error) {
	var h [2]byte
	if _, err := readFull(br, h[:]); err != nil {
		return 0, nil, err
	}
	n := int(h[1] & 0x7f)
	switch n {
	case 126:
		var l [2]byte
		if _, err := readFull(br, l[:]); err != nil {
			return 0, nil, err
		}
		n = int(l[0])<<8 | int(l[1])
	case 127:
		var l [8]byte
		if _, err := readFull(br, l[:]); err != nil {
			return 0, nil, err
		}
		n = 0
		for _, b := range l {
			n = n<<8 | int(b)
		}
	}
	var key [4]byte
	if _, err := readFull(br, key[:]); err != nil {
		return 0, nil, err
	}
	p := make([]byte, n)
	if _, err := readFull(br, p); err != nil {
		return 0, nil, err
	}
	for i := range p {
		p[i] ^= key[i%4]
	}
	return h[0] & 0x0f, p, nil
}

func readFull(br *bufio.Reader, p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := br.Read(p[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// drain reads from br until the connection ends.
func drain(br *bufio.Reader) {
	var buf [4096]byte
	for {
		if _, err := br.Read(buf[:]); err != nil {
			return
		}
	}
}

// watchClientClose reads the client's first frame in the background, sends
// the code of that frame if it is a close frame with one (0 otherwise, or if
// the stream ended first), then drains br until the connection ends. The peer
// must receive from the channel before it closes the connection: closing it
// first would race this read of a frame already sent, and lose the frame.
func watchClientClose(br *bufio.Reader) <-chan sdk.StatusCode {
	codes := make(chan sdk.StatusCode, 1)
	go func() {
		op, p, err := readClientFrame(br)
		var code sdk.StatusCode
		if err == nil && op == 0x8 && len(p) >= 2 {
			code = sdk.StatusCode(p[0])<<8 | sdk.StatusCode(p[1])
		}
		codes <- code
		drain(br)
	}()
	return codes
}
