//go:build !js

package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// progress shows what the driver is doing: on a terminal one line redrawn in
// place, elsewhere a line per step. Safe for concurrent use.
type progress struct {
	w        io.Writer
	terminal bool
	start    time.Time

	mu   sync.Mutex
	open bool // a redrawn line is on screen
}

func newProgress(w *os.File) *progress {
	fi, err := w.Stat()
	return &progress{w: w, terminal: err == nil && fi.Mode()&os.ModeCharDevice != 0, start: time.Now()}
}

// step shows one step of a section.
func (p *progress) step(section string, i, n int, what string) {
	p.show(fmt.Sprintf("[%s %d/%d] %s", section, i, n, what))
}

// show shows a line.
func (p *progress) show(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	elapsed := time.Since(p.start).Round(time.Second)
	if p.terminal {
		fmt.Fprintf(p.w, "\r\x1b[Kbench %v %s", elapsed, line)
		p.open = true
		return
	}
	fmt.Fprintf(p.w, "bench %v %s\n", elapsed, line)
}

// done ends the redrawn line.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.open {
		fmt.Fprintln(p.w)
		p.open = false
	}
}
