package freeport

import (
	"net"
	"os"
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

// TestListenedBy: a listener of this process is seen as its own, and not as
// another process's; a port nobody listens on has no owner.
func TestListenedBy(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	if ok, err := ListenedBy(os.Getpid(), port); err != nil || !ok {
		t.Errorf("ListenedBy(this process, its port %d) = %v, %v; want true", port, ok, err)
	}
	if ok, err := ListenedBy(os.Getppid(), port); err != nil || ok {
		t.Errorf("ListenedBy(the parent process, this process's port %d) = %v, %v; want false", port, ok, err)
	}
	free, err := Loopback()
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := ListenedBy(os.Getpid(), free); err != nil || ok {
		t.Errorf("ListenedBy(this process, free port %d) = %v, %v; want false", free, ok, err)
	}
}
