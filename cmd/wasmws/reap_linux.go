//go:build linux

package main

import (
	"os"
	"syscall"

	"github.com/wasmws/wasmws/internal/tools/browser"
)

// prSetChildSubreaper is PR_SET_CHILD_SUBREAPER of prctl(2).
const prSetChildSubreaper = 36

// becomeSubreaper makes this process adopt its orphaned descendants instead
// of init: MiniBrowser and WebKit's helper processes outlive
// WebKitWebDriver by a moment, and a container's init may never reap them.
func becomeSubreaper() {
	syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0)
}

// reapOrphans kills and reaps every child of this process. Call it only when
// no child started by this process should still run: the browsers are
// closed, so what is left was adopted.
func reapOrphans() {
	for _, pid := range browser.Children(os.Getpid()) {
		syscall.Kill(pid, syscall.SIGKILL)
		var ws syscall.WaitStatus
		syscall.Wait4(pid, &ws, 0, nil)
	}
}
