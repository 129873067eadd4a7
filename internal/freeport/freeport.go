// Package freeport finds a TCP port on the loopback interface for a child
// process that must be told its port before it binds (redis-server,
// WebKitWebDriver). The port was free a moment ago; another process may
// take it before the child binds, so callers retry a few times.
package freeport

import "net"

// Loopback returns a TCP port of 127.0.0.1 that was free a moment ago.
func Loopback() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
