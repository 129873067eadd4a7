package freeport

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrNoProc reports a system without Linux's /proc, where [ListenedBy]
// cannot tell who listens on a port.
var ErrNoProc = errors.New("freeport: /proc/net/tcp is not readable")

// ListenedBy reports whether process pid listens on 127.0.0.1:port (TCP).
// A child told to bind a port that another process took first fails to
// bind, while the other one answers on the port: a caller that polls the
// port until it answers checks this before it takes the answer for its
// child's. It reads Linux's /proc (the socket's inode in /proc/net/tcp, then
// pid's file descriptors), and returns ErrNoProc where there is none.
func ListenedBy(pid, port int) (bool, error) {
	inode, err := listenerInode(port)
	if err != nil || inode == "" {
		return false, err
	}
	fds, err := os.ReadDir(filepath.Join("/proc", strconv.Itoa(pid), "fd"))
	if err != nil {
		return false, nil // pid has exited, or is not ours to look at
	}
	want := "socket:[" + inode + "]"
	for _, fd := range fds {
		if link, err := os.Readlink(filepath.Join("/proc", strconv.Itoa(pid), "fd", fd.Name())); err == nil && link == want {
			return true, nil
		}
	}
	return false, nil
}

// listenerInode returns the inode of the socket listening on 127.0.0.1:port,
// or "" if none does.
func listenerInode(port int) (string, error) {
	f, err := os.Open("/proc/net/tcp")
	if err != nil {
		return "", ErrNoProc
	}
	defer f.Close()
	// Each line: sl local_address rem_address st ... uid timeout inode ...;
	// addresses in hex, 127.0.0.1 as 0100007F (little-endian), state 0A is
	// LISTEN.
	local := fmt.Sprintf("0100007F:%04X", port)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 9 && fields[1] == local && fields[3] == "0A" {
			return fields[9], nil
		}
	}
	return "", sc.Err()
}
