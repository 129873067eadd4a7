//go:build !js

// Package testredis starts a throwaway redis-server for tests: Debian's
// /usr/bin/redis-server (or $WASMWS_REDIS_SERVER, else redis-server on
// $PATH), on a free port of 127.0.0.1, with no persistence (no RDB
// snapshots, no AOF) and its own directory under t.TempDir(). It is stopped
// at t.Cleanup. `make test` installs the package (scripts/ensure-redis.sh).
//
// A test without redis-server fails; it does not skip, so a missing
// dependency cannot pass for a green run.
//
// Usage:
//
//	r := testredis.Start(t)
//	store, err := redisstore.New(ctx, r.URL(), nil)
//	...
//	r.Stop()    // Redis unavailable: connections are refused
//	r.Restart() // up again on the same port, without data
//	r.Freeze()  // Redis hangs (SIGSTOP); r.Thaw() resumes it
package testredis

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/wasmws/wasmws/internal/freeport"
)

// startTimeout bounds how long Start and Restart wait for PING's answer.
const startTimeout = 10 * time.Second

// Server is one redis-server process that a test (or a benchmark
// program, with [Launch]) started. Its methods are safe for concurrent use;
// the zero value is not usable.
type Server struct {
	tb   testing.TB // nil for Launch
	bin  string
	dir  string
	port int

	mu     sync.Mutex
	cmd    *exec.Cmd     // nil while stopped
	exited chan struct{} // closed when cmd has exited
	gen    int           // starts so far, for the log file names
}

// Start starts a redis-server for tb and returns it once it answers PING.
// It fails tb if redis-server is missing or does not answer in time.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s, err := Launch(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	s.tb = tb
	tb.Cleanup(s.Stop)
	return s
}

// Launch starts a redis-server outside a test (for a benchmark program),
// keeping its files in dir (created if missing), and returns it once it
// answers PING. The caller stops it with Stop.
func Launch(dir string) (*Server, error) {
	bin, err := Binary()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("testredis: %w", err)
	}
	s := &Server{bin: bin, dir: dir}
	// A free port may be taken between the probe and redis-server's bind:
	// try a few.
	for range 5 {
		if s.port, err = freeport.Loopback(); err != nil {
			return nil, err
		}
		if err = s.start(); err == nil {
			return s, nil
		}
	}
	return nil, fmt.Errorf("testredis: %w", err)
}

// Binary returns the redis-server to run: $WASMWS_REDIS_SERVER,
// /usr/bin/redis-server, or redis-server on $PATH.
func Binary() (string, error) {
	for _, c := range []string{os.Getenv("WASMWS_REDIS_SERVER"), "/usr/bin/redis-server", "redis-server"} {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	return "", errors.New("testredis: redis-server not found: install Debian's redis-server (scripts/ensure-redis.sh) or set WASMWS_REDIS_SERVER")
}

// URL returns the server's address as redis://127.0.0.1:PORT/0. It stays
// the same across Stop and Restart.
func (s *Server) URL() string { return fmt.Sprintf("redis://%s/0", s.Addr()) }

// Addr returns the server's host:port.
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// Stop kills the server (SIGKILL: what a crash looks like to clients) and
// waits for it to exit. Calling it when stopped does nothing.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGCONT)
	_ = s.cmd.Process.Kill()
	<-s.exited
	s.cmd = nil
}

// Freeze stops the server process (SIGSTOP) without closing its
// connections: a Redis that accepts nothing and answers nothing, which only
// deadlines get a client out of. Thaw resumes it. Stop and Restart thaw it
// first.
func (s *Server) Freeze() { s.signal(syscall.SIGSTOP) }

// Thaw resumes a frozen server (SIGCONT).
func (s *Server) Thaw() { s.signal(syscall.SIGCONT) }

func (s *Server) signal(sig syscall.Signal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		_ = s.cmd.Process.Signal(sig)
	}
}

// Restart stops the server if it runs, and starts it again on the same port
// with no data: a Redis that crashed and came back empty. It fails the test
// if it does not answer PING in time (for a server from Launch, it returns
// the error).
func (s *Server) Restart() error {
	s.Stop()
	err := s.start()
	if err != nil && s.tb != nil {
		s.tb.Helper()
		s.tb.Fatalf("testredis: restart: %v", err)
	}
	return err
}

// start runs redis-server on s.port and waits for PING.
func (s *Server) start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	logFile := filepath.Join(s.dir, fmt.Sprintf("redis-%d.log", s.gen))
	cmd := exec.Command(s.bin,
		"--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", s.dir,
		"--logfile", logFile, "--daemonize", "no")
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	deadline := time.Now().Add(startTimeout)
	for {
		// Another redis-server (another test's) may hold the port: then
		// ours exits, unable to bind, and that one must not pass for it.
		if pid, err := serverPID(s.Addr()); err == nil && pid == cmd.Process.Pid {
			s.cmd, s.exited = cmd, exited
			return nil
		}
		select {
		case <-exited:
			b, _ := os.ReadFile(logFile)
			return fmt.Errorf("redis-server exited (%v): %s", waitErr, lastLines(string(b), 5))
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			<-exited
			return fmt.Errorf("redis-server on port %d did not answer PING within %v", s.port, startTimeout)
		}
	}
}

// ping sends PING to addr in the inline protocol and checks for +PONG.
func ping(addr string) error {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if strings.TrimSpace(line) != "+PONG" {
		return fmt.Errorf("PING answered %q", line)
	}
	return nil
}

// serverPID asks the redis-server at addr for its process ID (INFO server,
// in the inline protocol).
func serverPID(addr string) (int, error) {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("INFO server\r\n")); err != nil {
		return 0, err
	}
	br := bufio.NewReader(c)
	header, err := br.ReadString('\n')
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(header), "$"))
	if err != nil || !strings.HasPrefix(header, "$") {
		return 0, fmt.Errorf("INFO answered %q", header)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(br, body); err != nil {
		return 0, err
	}
	for line := range strings.SplitSeq(string(body), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "process_id:"); ok {
			return strconv.Atoi(v)
		}
	}
	return 0, errors.New("INFO server has no process_id")
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
