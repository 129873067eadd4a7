package e2e

import (
	"os/exec"
	"syscall"
)

// dieWithTest makes the kernel kill cmd when the test binary dies however
// it dies (go test's timeout, a signal), since a node in a process group of
// its own escapes a kill of the test's group. The signal is sent when the
// thread that started cmd exits; the Go runtime keeps its threads, and no
// test here locks one.
func dieWithTest(cmd *exec.Cmd) {
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}
