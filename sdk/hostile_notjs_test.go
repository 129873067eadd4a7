//go:build !js

package sdk_test

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/wasmws/wasmws/internal/wstest"
	"github.com/wasmws/wasmws/sdk"
)

// Native only: these peers are raw TCP servers of the test's own
// (rawpeer_notjs_test.go). The same cases run on both targets against the
// bundled server's raw fault (hostile_test.go).

// wantFailed checks that c failed as a browser fails a connection on a
// protocol error: 1006, not clean, with cause matching sentinel.
func wantFailed(t *testing.T, c *sdk.Conn, sentinel error) {
	t.Helper()
	ce, err := receiveClose(t, c)
	if ce.Code != sdk.StatusAbnormalClosure || ce.WasClean {
		t.Errorf("CloseError = %+v, want 1006 unclean", ce)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("Receive() = %v, want an error matching %v", err, sentinel)
	}
}

// TestMaskedServerFrame: a server must not mask its frames (RFC 6455 §5.1);
// the client fails the connection instead of delivering the masked bytes.
func TestMaskedServerFrame(t *testing.T) {
	url, _ := rawPeer(t, func(c net.Conn, br *bufio.Reader, req *http.Request) {
		if upgrade(c, req, "") != nil {
			return
		}
		_, _ = c.Write([]byte{0x82, 0x85, 1, 1, 1, 1, 0x69, 0x64, 0x6d, 0x6d, 0x6e})
		drain(br)
	})
	c, err := sdk.Dial(testContext(t), url, nil)
	if err != nil {
		t.Fatalf("Dial() = %v", err)
	}
	defer c.CloseNow()
	wantFailed(t, c, sdk.ErrProtocol)
}

// TestBadCloseFrames: close frames a browser refuses fail the connection
// (1006), whoever closed first.
func TestBadCloseFrames(t *testing.T) {
	testCases := []struct {
		name       string
		frame      []byte
		clientCode sdk.StatusCode // 0: the server closes first
	}{
		{"reason not UTF-8", []byte{0x88, 0x04, 0x03, 0xe8, 0xff, 0xfe}, 0},
		{"one byte", []byte{0x88, 0x01, 0x03}, 0},
		{"1005 unprompted", []byte{0x88, 0x02, 0x03, 0xed}, 0},
		{"1006 unprompted", []byte{0x88, 0x02, 0x03, 0xee}, 0},
		{"1015 unprompted", []byte{0x88, 0x02, 0x03, 0xf7}, 0},
		{"1005 answering our close", []byte{0x88, 0x02, 0x03, 0xed}, sdk.StatusNormalClosure},
		{"reason not UTF-8 answering our close", []byte{0x88, 0x04, 0x03, 0xe8, 0xff, 0xfe}, sdk.StatusNormalClosure},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			url, _ := rawPeer(t, func(c net.Conn, br *bufio.Reader, req *http.Request) {
				if upgrade(c, req, "") != nil {
					return
				}
				if tc.clientCode != 0 {
					if op, _, err := readClientFrame(br); err != nil || op != 0x8 {
						return
					}
				}
				_, _ = c.Write(tc.frame)
				drain(br)
			})
			c, err := sdk.Dial(testContext(t), url, nil)
			if err != nil {
				t.Fatalf("Dial() = %v", err)
			}
			defer c.CloseNow()
			if tc.clientCode != 0 {
				_ = c.Close(tc.clientCode, "")
				if ce, _ := c.CloseStatus(); ce.Code != sdk.StatusAbnormalClosure || ce.WasClean {
					t.Errorf("CloseStatus() = %+v, want 1006 unclean", ce)
				}
				return
			}
			wantFailed(t, c, sdk.ErrProtocol)
		})
	}
}

// TestBadUpgrade: a 101 answer a browser refuses fails Dial at once, from the
// SDK's own check, even when the server keeps the TCP connection open
// (coder/websocket alone waits 3 s reading the body first).
func TestBadUpgrade(t *testing.T) {
	testCases := []struct {
		name   string
		header func(req *http.Request) string
	}{
		{"wrong accept", func(*http.Request) string {
			return "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n"
		}},
		{"no accept", func(*http.Request) string { return "Upgrade: websocket\r\nConnection: Upgrade\r\n" }},
		{"protocol not offered", func(req *http.Request) string {
			return "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + acceptKey(req) + "\r\nSec-WebSocket-Protocol: other\r\n"
		}},
		{"extension not offered", func(req *http.Request) string {
			return "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + acceptKey(req) + "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n"
		}},
		{"no upgrade header", func(req *http.Request) string {
			return "Connection: Upgrade\r\nSec-WebSocket-Accept: " + acceptKey(req) + "\r\n"
		}},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			url, _ := rawPeer(t, func(c net.Conn, br *bufio.Reader, req *http.Request) {
				if _, err := c.Write([]byte("HTTP/1.1 101 Switching Protocols\r\n" + tc.header(req) + "\r\n")); err != nil {
					return
				}
				drain(br) // keep TCP open until the client leaves
			})
			start := time.Now()
			_, err := sdk.Dial(testContext(t), url, &sdk.Options{Protocols: []string{"chat"}})
			t.Logf("Dial failed after %v: %v", time.Since(start), err) // for the record, never a pass/fail criterion
			if !errors.Is(err, sdk.ErrProtocol) {
				t.Errorf("Dial() = %v, want an error matching ErrProtocol", err)
			}
			var ce sdk.CloseError
			if !errors.As(err, &ce) || ce.Code != sdk.StatusAbnormalClosure || ce.WasClean {
				t.Errorf("Dial() = %v, want CloseError 1006 unclean", err)
			}
		})
	}
}

// TestEmptyFragments: a message of endless empty fragments never reaches
// ReadLimit by its bytes; the frame bound ends it as over the limit.
// The client fails the read inside coder/websocket's frame reader (the guard
// refuses the frame) and still sends its 4009 close frame.
func TestEmptyFragments(t *testing.T) {
	var closeCode sdk.StatusCode
	url, peerDone := rawPeer(t, func(c net.Conn, br *bufio.Reader, req *http.Request) {
		if upgrade(c, req, "") != nil {
			return
		}
		closes := watchClientClose(br)
		if _, err := c.Write([]byte{0x01, 0x00}); err == nil {
			empty := make([]byte, 2<<10) // 1024 empty continuation frames
			for {
				if _, err := c.Write(empty); err != nil {
					break // the client left
				}
			}
		}
		closeCode = <-closes
	})
	wantTooBig(t, url, nil)
	<-peerDone
	if closeCode != sdk.StatusReadLimit {
		t.Errorf("the client's close frame had code %v, want %v", closeCode, sdk.StatusReadLimit)
	}
}

// wantTooBig dials url and checks that the connection ends unclean with
// ErrMessageTooBig.
func wantTooBig(t *testing.T, url string, opts *sdk.Options) {
	t.Helper()
	c, err := sdk.Dial(testContext(t), url, opts)
	if err != nil {
		t.Fatalf("Dial() = %v", err)
	}
	defer c.CloseNow()
	ce, err := receiveClose(t, c)
	if !errors.Is(err, sdk.ErrMessageTooBig) {
		t.Errorf("Receive() = %v, want ErrMessageTooBig", err)
	}
	if ce.WasClean {
		t.Errorf("CloseError = %+v, want unclean: the peer's answer is never read", ce)
	}
}

// TestReadLimitStopsReading: once a message trips ReadLimit, the client sends
// its close frame and stops reading: it never reads and discards the rest of
// the oversized message. The server streams a 1 TiB message and counts what
// it managed to write before the client cut the connection.
func TestReadLimitStopsReading(t *testing.T) {
	const limit = 1 << 20
	const slack = 64 << 20 // far more than the kernel's socket buffers hold
	var written int64
	var closeCode sdk.StatusCode
	url, peerDone := rawPeer(t, func(c net.Conn, br *bufio.Reader, req *http.Request) {
		if upgrade(c, req, "") != nil {
			return
		}
		closes := watchClientClose(br)
		if _, err := c.Write([]byte{0x82, 0x7f, 0, 0, 1, 0, 0, 0, 0, 0}); err == nil {
			chunk := make([]byte, 64<<10)
			for written < limit+slack {
				n, err := c.Write(chunk)
				written += int64(n)
				if err != nil {
					break
				}
			}
		}
		closeCode = <-closes
	})
	wantTooBig(t, url, &sdk.Options{ReadLimit: limit, CloseTimeout: wstest.Timeout})
	<-peerDone
	t.Logf("the server wrote %d bytes of the oversized message before the client cut it off", written)
	if written >= limit+slack {
		t.Errorf("the server wrote %d bytes of the oversized message: the client kept reading", written)
	}
	if closeCode != sdk.StatusReadLimit {
		t.Errorf("the client's close frame had code %v, want %v", closeCode, sdk.StatusReadLimit)
	}
}
