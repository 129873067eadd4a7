//go:build !linux && !js

package e2e

import "os/exec"

// dieWithTest does nothing here: only Linux has a parent-death signal. A
// test binary killed before its cleanups leaves its nodes running.
func dieWithTest(*exec.Cmd) {}
