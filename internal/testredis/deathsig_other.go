//go:build !linux && !js

package testredis

import "os/exec"

// dieWithParent does nothing where the kernel has no parent-death signal:
// a test binary killed abruptly may leave its redis-server running there.
func dieWithParent(*exec.Cmd) {}
