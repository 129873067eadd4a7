//go:build !js

package browser

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// EnvXvfb names the Xvfb binary, as a path or a name on $PATH.
const EnvXvfb = "WASMWS_XVFB"

// startXvfb starts a virtual X server on a free display and returns it and
// the display's name (":N"). Xvfb picks the display and writes its number to
// file descriptor 3.
func startXvfb(ctx context.Context, out io.Writer) (*proc, string, error) {
	path, err := findExec("Xvfb", EnvXvfb, "xvfb", "/usr/bin/Xvfb", "Xvfb")
	if err != nil {
		return nil, "", err
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, "", err
	}
	defer r.Close()
	cmd := exec.Command(path, "-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	cmd.Stdout, cmd.Stderr = out, out
	p, err := startProc(cmd)
	w.Close()
	if err != nil {
		return nil, "", fmt.Errorf("browser: starting %s: %w", path, err)
	}
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		lines <- strings.TrimSpace(line)
	}()
	select {
	case line := <-lines:
		if line == "" {
			p.stop()
			return nil, "", fmt.Errorf("browser: %s gave no display number", path)
		}
		return p, ":" + line, nil
	case <-ctx.Done():
		p.stop()
		return nil, "", fmt.Errorf("browser: starting %s: %w", path, context.Cause(ctx))
	}
}
