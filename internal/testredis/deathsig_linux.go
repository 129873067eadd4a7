package testredis

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes the kernel kill redis-server when the process that
// started it dies however it dies (go test's timeout, a SIGKILL), so that
// no server outlives its test. The signal is sent when the thread that
// started the server exits; the Go runtime keeps its threads, and nothing
// here locks one.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
