//go:build linux

package browser

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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

// Children returns the process ids of the live children of pid, from /proc.
// wasmws exec reaps with it the orphans it adopted.
func Children(pid int) []int { return childrenByParent()[pid] }

// descendants returns the process ids of every live descendant of pid, from
// /proc.
func descendants(pid int) []int {
	children := childrenByParent()
	var out []int
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, c := range children[p] {
			out = append(out, c)
			queue = append(queue, c)
		}
	}
	return out
}

// childrenByParent maps each live process id to its children's, from
// /proc/PID/stat.
func childrenByParent() map[int][]int {
	children := map[int][]int{}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, stat := range stats {
		b, err := os.ReadFile(stat)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...; comm may hold spaces and parentheses.
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		fields := bytes.Fields(b[i+1:])
		if len(fields) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(string(fields[1]))
		child, _ := strconv.Atoi(filepath.Base(filepath.Dir(stat)))
		children[ppid] = append(children[ppid], child)
	}
	return children
}

// killAll sends SIGKILL to every process of pids that is still there.
func killAll(pids []int) {
	for _, pid := range pids {
		syscall.Kill(pid, syscall.SIGKILL)
	}
}
