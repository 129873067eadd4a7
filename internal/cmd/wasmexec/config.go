//go:build !js

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

const (
	// defaultTimeout bounds a run that has no -test.timeout flag.
	defaultTimeout = 20 * time.Minute

	// timeoutMargin is added to -test.timeout so that the test binary's own
	// timeout (a panic with every goroutine's stack) fires first. It is
	// less than the minute go test waits before it kills the runner.
	timeoutMargin = 30 * time.Second

	envTimeout  = "WASMWS_EXEC_TIMEOUT"
	envWasmExec = "WASMWS_WASM_EXEC"
	envEchoURL  = "WASMWS_ECHO_URL"
)

// runTimeout returns how long the whole run may take (0: no limit) and where
// that number comes from, for the message when it runs out.
func runTimeout(args []string, getenv func(string) string) (time.Duration, string, error) {
	if s := getenv(envTimeout); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			return 0, "", fmt.Errorf("%s=%q: want a duration such as 10m", envTimeout, s)
		}
		return d, envTimeout + "=" + s, nil
	}
	if d, ok := testTimeout(args); ok && d > 0 {
		return d + timeoutMargin, fmt.Sprintf("-test.timeout=%v plus %v", d, timeoutMargin), nil
	}
	return defaultTimeout, fmt.Sprintf("the default; set %s to change it", envTimeout), nil
}

// testTimeout finds the -test.timeout flag that go test passes, in any of
// the forms the flag package accepts.
func testTimeout(args []string) (time.Duration, bool) {
	for i, arg := range args {
		if arg == "--" || arg == "-" || !strings.HasPrefix(arg, "-") {
			break // the flag package stops here too
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-"), "=")
		if name != "test.timeout" {
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return 0, false
			}
			value = args[i+1]
		}
		d, err := time.ParseDuration(value)
		return d, err == nil
	}
	return 0, false
}

// wasmExecPath finds the wasm_exec.js that matches the Go toolchain:
// $WASMWS_WASM_EXEC, else under $GOROOT, `go env GOROOT` or the GOROOT this
// program was built with. go test puts its own toolchain first on $PATH.
func wasmExecPath() (string, error) {
	if path := os.Getenv(envWasmExec); path != "" {
		if _, err := os.Stat(path); err != nil {
			return "", fmt.Errorf("%s: %w", envWasmExec, err)
		}
		return path, nil
	}
	var roots []string
	if root := os.Getenv("GOROOT"); root != "" {
		roots = append(roots, root)
	}
	if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
		roots = append(roots, strings.TrimSpace(string(out)))
	}
	//lint:ignore SA1019 the last resort, for a go that is not on $PATH.
	roots = append(roots, runtime.GOROOT())
	for _, root := range roots {
		path := filepath.Join(root, "lib", "wasm", "wasm_exec.js")
		if _, err := os.Stat(path); err == nil {
			return path, nil
		}
	}
	return "", fmt.Errorf("wasm_exec.js not found under GOROOT %q; set %s", roots, envWasmExec)
}

// pageEnv returns the environment of the program in the page: the variables
// of environ named WASMWS_* or GODEBUG, HOME=/, TMPDIR=/tmp, and
// WASMWS_ECHO_URL=echoURL when echoURL is not empty.
func pageEnv(environ []string, echoURL string) map[string]string {
	env := map[string]string{"HOME": "/", "TMPDIR": "/tmp"}
	for _, kv := range environ {
		name, value, ok := strings.Cut(kv, "=")
		if ok && (strings.HasPrefix(name, "WASMWS_") || name == "GODEBUG") {
			env[name] = value
		}
	}
	if echoURL != "" {
		env[envEchoURL] = echoURL
	}
	return env
}
