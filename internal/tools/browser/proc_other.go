//go:build !js && !linux

package browser

import "os/exec"

// setParentDeathSignal does nothing: only Linux has a parent-death signal.
// Close and the runner's signal handling still stop every process.
func setParentDeathSignal(*exec.Cmd) {}

// Children returns nil: only Linux has /proc to find them.
func Children(int) []int { return nil }

// descendants returns nil: only Linux has /proc to find them.
func descendants(int) []int { return nil }

// killAll does nothing; see descendants.
func killAll([]int) {}
