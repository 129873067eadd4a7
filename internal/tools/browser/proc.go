//go:build !js

package browser

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// proc is a child process that dies with us: it gets SIGKILL when this
// process exits (on Linux), and stop ends it on every other path.
type proc struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	once sync.Once
}

// startProc starts cmd and reaps it in the background.
func startProc(cmd *exec.Cmd) (*proc, error) {
	setParentDeathSignal(cmd)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &proc{cmd: cmd, done: make(chan struct{})}
	go func() {
		cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// stopGrace is how long stop waits after SIGTERM before it sends SIGKILL.
const stopGrace = 5 * time.Second

// stop sends SIGTERM, then SIGKILL after stopGrace, and waits for the exit.
func (p *proc) stop() {
	p.once.Do(func() {
		p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(stopGrace):
			p.cmd.Process.Kill()
			<-p.done
		}
	})
}

// findExec returns the program to run: $envName when set (a path or a name
// on $PATH), else the first of candidates that exists (absolute paths and
// glob patterns are tried as they are, names on $PATH). When there is none,
// the error wraps ErrNotFound and says which Debian package to install.
func findExec(what, envName, pkg string, candidates ...string) (string, error) {
	hint := fmt.Sprintf("install it with `apt-get install -y %s` (Debian) or set %s", pkg, envName)
	if name := os.Getenv(envName); name != "" {
		path, err := exec.LookPath(name)
		if err != nil {
			return "", fmt.Errorf("%w: %s: %s=%q is not an executable (%v): %s", ErrNotFound, what, envName, name, err, hint)
		}
		return path, nil
	}
	for _, c := range candidates {
		matches := []string{c}
		if filepath.IsAbs(c) {
			matches, _ = filepath.Glob(c)
		}
		for _, m := range matches {
			if path, err := exec.LookPath(m); err == nil {
				return path, nil
			}
		}
	}
	return "", fmt.Errorf("%w: %s (looked for %v): %s", ErrNotFound, what, candidates, hint)
}

// errExited is the error when a browser process ends while it starts.
var errExited = errors.New("exited while starting")
