//go:build !js

package testredis

import (
	"net"
	"testing"
)

// TestStartStopRestart: the server answers PING once started, refuses
// connections once stopped, and answers again on the same address after
// Restart, with none of its data.
func TestStartStopRestart(t *testing.T) {
	s := Start(t)
	if err := ping(s.Addr()); err != nil {
		t.Fatalf("PING after Start: %v", err)
	}
	set(t, s.Addr())
	if got := get(t, s.Addr()); got != "$1" {
		t.Fatalf("GET k after SET = %q want a 1-byte bulk string", got)
	}
	s.Freeze()
	if err := ping(s.Addr()); err == nil {
		t.Fatal("PING to a frozen server answered")
	}
	s.Thaw()
	if err := ping(s.Addr()); err != nil {
		t.Fatalf("PING after Thaw: %v", err)
	}
	s.Stop()
	if err := ping(s.Addr()); err == nil {
		t.Fatal("PING after Stop succeeded")
	}
	s.Restart()
	if got := get(t, s.Addr()); got != "$-1" {
		t.Errorf("GET k after Restart = %q want nil: the data must not survive", got)
	}
	if want := "redis://" + s.Addr() + "/0"; s.URL() != want {
		t.Errorf("URL() = %q want %q", s.URL(), want)
	}
}

func set(t *testing.T, addr string) { roundTrip(t, addr, "SET k v") }

func get(t *testing.T, addr string) string { return roundTrip(t, addr, "GET k") }

// roundTrip sends one inline command and returns the first line of the
// answer.
func roundTrip(t *testing.T, addr, cmd string) string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte(cmd + "\r\n")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	n, err := c.Read(buf)
	if err != nil {
		t.Fatal(err)
	}
	line := string(buf[:n])
	for i := range line {
		if line[i] == '\r' {
			return line[:i]
		}
	}
	return line
}

// TestStartOnPortOfAnother: a redis-server that cannot bind its port,
// because another one (another test's) holds it, fails to start; the
// other's answer does not pass for its own (it did: the probe was a PING).
func TestStartOnPortOfAnother(t *testing.T) {
	first := Start(t)
	second := &Server{bin: first.bin, dir: t.TempDir(), port: first.port}
	if err := second.start(); err == nil {
		second.Stop()
		t.Fatalf("start on the port of a running redis-server = nil, want an error")
	}
	if err := ping(first.Addr()); err != nil {
		t.Errorf("PING to the first server after the second failed to start: %v", err)
	}
}
