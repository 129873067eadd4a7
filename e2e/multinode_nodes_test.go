//go:build !js

package e2e

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Bounds on the life of a node process's steps, so that nothing hangs.
const (
	nodeStartTimeout = 10 * time.Second // until it prints where it serves
	nodeStopTimeout  = 10 * time.Second // SIGTERM to exit; then SIGKILL
)

// buildWasmws builds cmd/wasmws into a directory of t's, for its nodes.
func buildWasmws(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "wasmws")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/wasmws").CombinedOutput(); err != nil {
		t.Fatalf("building wasmws: %v\n%s", err, out)
	}
	return bin
}

// node is one `wasmws serve` process of a test, in a process group of its
// own so that it is killed whole. The test's cleanup kills it and reaps it.
type node struct {
	t     *testing.T
	bin   string
	args  []string // after "serve -addr ADDR"
	addr  string   // host:port, fixed after the first start
	logs  string   // directory of its stderr logs, one per start
	start int      // starts so far

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{}
}

// startNode starts bin's serve command on a free port of 127.0.0.1, with no
// static files and the further arguments args, and returns once it serves.
func startNode(t *testing.T, bin string, args ...string) *node {
	t.Helper()
	n := &node{t: t, bin: bin, args: args, addr: "127.0.0.1:0", logs: t.TempDir()}
	t.Cleanup(n.kill)
	if err := n.run(); err != nil {
		t.Fatal(err)
	}
	return n
}

// echoURL is the node's ws://HOST:PORT/echo.
func (n *node) echoURL() string { return "ws://" + n.addr + "/echo" }

// servedAt finds the address in serve's first line on stdout.
var servedAt = regexp.MustCompile(`echo at ws://([^/]+)/echo`)

// run starts the process on n.addr and waits for its first line.
func (n *node) run() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.start++
	logPath := filepath.Join(n.logs, fmt.Sprintf("serve-%d.log", n.start))
	logFile, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logFile.Close()
	cmd := exec.Command(n.bin, append([]string{"serve", "-addr", n.addr, "-web", ""}, n.args...)...)
	cmd.Stderr = logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	dieWithTest(cmd)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	n.cmd, n.exited = cmd, exited
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		first := true
		for sc.Scan() { // read to the end, so that the process never blocks on stdout
			if first {
				lines <- sc.Text()
				first = false
			}
		}
		close(lines)
		_ = cmd.Wait()
		close(exited)
	}()
	timer := time.NewTimer(nodeStartTimeout)
	defer timer.Stop()
	select {
	case line, ok := <-lines:
		m := servedAt.FindStringSubmatch(line)
		if ok && m != nil {
			n.addr = m[1]
			return nil
		}
		n.killLocked()
		b, _ := os.ReadFile(logPath)
		return fmt.Errorf("wasmws serve %s: no address on its first line %q; stderr:\n%s", strings.Join(cmd.Args[2:], " "), line, b)
	case <-timer.C:
		n.killLocked()
		b, _ := os.ReadFile(logPath)
		return fmt.Errorf("wasmws serve %s: not serving after %v; stderr:\n%s", strings.Join(cmd.Args[2:], " "), nodeStartTimeout, b)
	}
}

// kill kills the process group with SIGKILL, a crash, and reaps it. A
// node that is not running is left alone.
func (n *node) kill() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.killLocked()
}

func (n *node) killLocked() {
	if n.cmd == nil {
		return
	}
	_ = syscall.Kill(-n.cmd.Process.Pid, syscall.SIGKILL)
	<-n.exited
	n.cmd = nil
}

// restart stops the process gracefully (SIGTERM: it closes its WebSockets
// with 1001) and starts a new one on the same port.
func (n *node) restart() error {
	n.mu.Lock()
	if n.cmd != nil {
		_ = syscall.Kill(-n.cmd.Process.Pid, syscall.SIGTERM)
		timer := time.NewTimer(nodeStopTimeout)
		select {
		case <-n.exited:
			n.cmd = nil
		case <-timer.C:
			n.t.Logf("node %s: not stopped %v after SIGTERM; killing it", n.addr, nodeStopTimeout)
			n.killLocked()
		}
		timer.Stop()
	}
	n.mu.Unlock()
	return n.run()
}

// stderr returns what the node's processes wrote on stderr, each start's
// output after a header.
func (n *node) stderr() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	var b strings.Builder
	for i := 1; i <= n.start; i++ {
		out, _ := os.ReadFile(filepath.Join(n.logs, fmt.Sprintf("serve-%d.log", i)))
		fmt.Fprintf(&b, "--- %s, start %d:\n%s", n.addr, i, out)
	}
	return b.String()
}
