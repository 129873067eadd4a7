//go:build !js && !linux

package browser

import "os/exec"

// setParentDeathSignal does nothing: only Linux has a parent-death signal.
// Close and the runner's signal handling still stop every process.
func setParentDeathSignal(*exec.Cmd) {}
