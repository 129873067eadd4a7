//go:build linux

package browser

import (
	"os/exec"
	"syscall"
)

// setParentDeathSignal makes the kernel kill cmd when this process dies,
// however it dies.
func setParentDeathSignal(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}
