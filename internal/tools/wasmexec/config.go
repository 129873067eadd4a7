//go:build !js

package wasmexec

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
	// DefaultTimeout bounds a run that has no -test.timeout flag.
	DefaultTimeout = 20 * time.Minute

	// TimeoutGrace is added to -test.timeout so that the test binary's own
	// timeout (a panic with every goroutine's stack) fires first. It is
	// less than the minute go test waits before it kills the runner.
	TimeoutGrace = 30 * time.Second

	// EnvTimeout overrides how long a whole run may take (a Go duration; 0
	// means no limit).
	EnvTimeout = "WASMWS_EXEC_TIMEOUT"

	// EnvWasmExec names the wasm_exec.js to use.
	EnvWasmExec = "WASMWS_WASM_EXEC"

	// EnvEchoURL is the URL of the bundled echo server in the page. When
	// the runner's environment sets it, the runner passes it on and starts
	// no server.
	EnvEchoURL = "WASMWS_ECHO_URL"
)

// runTimeout returns how long the whole run may take (0: no limit) and where
// that number comes from, for the message when it runs out.
func runTimeout(flags testFlags, getenv func(string) string) (time.Duration, string, error) {
	if s := getenv(EnvTimeout); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			return 0, "", fmt.Errorf("%w: %s=%q: want a duration such as 10m", ErrUsage, EnvTimeout, s)
		}
		return d, EnvTimeout + "=" + s, nil
	}
	if s, ok := flags.value("timeout"); ok {
		if d, err := time.ParseDuration(s); err == nil && d > 0 {
			return d + TimeoutGrace, fmt.Sprintf("-test.timeout=%v plus %v", d, TimeoutGrace), nil
		}
	}
	return DefaultTimeout, fmt.Sprintf("the default; set %s to change it", EnvTimeout), nil
}

// wasmExecPath finds the wasm_exec.js that matches the Go toolchain:
// $WASMWS_WASM_EXEC, else under $GOROOT, `go env GOROOT` or the GOROOT this
// program was built with. go test puts its own toolchain first on $PATH.
func wasmExecPath(getenv func(string) string) (string, error) {
	if path := getenv(EnvWasmExec); path != "" {
		if _, err := os.Stat(path); err != nil {
			return "", fmt.Errorf("%s: %w", EnvWasmExec, err)
		}
		return path, nil
	}
	var roots []string
	if root := getenv("GOROOT"); root != "" {
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
	return "", fmt.Errorf("wasm_exec.js not found under GOROOT %q; set %s", roots, EnvWasmExec)
}

// pageEnv returns the environment of the program in the page: the variables
// of environ named WASMWS_*, GODEBUG or GOCOVERDIR, those named in pass (all
// of them when pass holds "all"), then HOME=/ and TMPDIR=/tmp, and
// WASMWS_ECHO_URL=echoURL when echoURL is not empty.
func pageEnv(environ, pass []string, echoURL string) map[string]string {
	all := false
	names := map[string]bool{"GODEBUG": true, "GOCOVERDIR": true}
	for _, name := range pass {
		if name == "all" {
			all = true
		}
		names[name] = true
	}
	env := map[string]string{}
	for _, kv := range environ {
		name, value, ok := strings.Cut(kv, "=")
		if ok && (all || names[name] || strings.HasPrefix(name, "WASMWS_")) {
			env[name] = value
		}
	}
	env["HOME"] = "/"
	env["TMPDIR"] = "/tmp"
	if echoURL != "" {
		env[EnvEchoURL] = echoURL
	}
	return env
}

// lookup returns the value of the variable name in environ, or "".
func lookup(environ []string, name string) string {
	for i := len(environ) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(environ[i], name+"="); ok {
			return v
		}
	}
	return ""
}
