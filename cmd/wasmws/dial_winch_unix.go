//go:build unix

package main

import (
	"os"
	"os/signal"
	"syscall"
)

// followSize tells the editor the terminal's new width after each SIGWINCH,
// until it stops.
func (e *editor) followSize(outFd int) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGWINCH)
	defer signal.Stop(ch)
	for {
		select {
		case <-ch:
			e.resize(outFd)
		case <-e.stopped:
			return
		}
	}
}
