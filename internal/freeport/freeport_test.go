package freeport

import (
	"net"
	"strconv"
	"testing"
)

func TestLoopbackCanBeBound(t *testing.T) {
	t.Parallel()
	port, err := Loopback()
	if err != nil {
		t.Fatal(err)
	}
	if port <= 0 || port > 65535 {
		t.Fatalf("port %d", port)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatalf("port %d was returned free but cannot be bound: %v", port, err)
	}
	ln.Close()
}
