//go:build !js

package server

import (
	"bytes"
	"io"
	"net"
	"runtime"
	"strings"
	"testing"
)

// TestIdleConnectionCost measures the memory (heap and goroutine stacks) an
// open, idle WebSocket costs the server (coder/websocket's and net/http's
// buffers, the connection's goroutines) for the table of limits in doc.go,
// and fails if it is over 64 KiB. The clients are raw TCP sockets that cost
// almost nothing.
func TestIdleConnectionCost(t *testing.T) {
	// Not parallel: it measures the heap of the whole test binary.
	const n = 200
	ts := newTestServer(t, Options{})
	addr := strings.TrimPrefix(ts.url, "http://")
	req := []byte("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
	conns := make([]net.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	buf := make([]byte, 1024)
	before := memInUse()
	for range n {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		if _, err := c.Write(req); err != nil {
			t.Fatal(err)
		}
		var got []byte
		for !bytes.Contains(got, []byte("\r\n\r\n")) {
			k, err := c.Read(buf)
			if err != nil {
				t.Fatalf("reading the 101: %v", err)
			}
			got = append(got, buf[:k]...)
		}
		if !bytes.HasPrefix(got, []byte("HTTP/1.1 101 ")) {
			t.Fatalf("answer %q, want a 101", got)
		}
	}
	// A pong on every connection: each is served, its handler reading.
	ping := []byte{0x89, 0x80, 1, 2, 3, 4} // masked, empty
	for i, c := range conns {
		if _, err := c.Write(ping); err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(c, buf[:2]); err != nil || buf[0] != 0x8a || buf[1] != 0 {
			t.Fatalf("connection %d: answer to a ping % x, error %v; want an empty pong", i, buf[:2], err)
		}
	}
	per := (memInUse() - before) / n
	runtime.KeepAlive(conns)
	t.Logf("memory per idle connection: %d bytes (heap and stacks, over %d connections)", per, n)
	if per > 64<<10 {
		t.Errorf("memory per idle connection = %d KiB, want at most 64", per>>10)
	}
}

// memInUse returns the live heap after a collection plus the goroutine
// stacks.
func memInUse() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc + m.StackInuse)
}
