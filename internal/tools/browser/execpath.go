//go:build !js

package browser

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
)

// EnvExecPath is the environment variable that names the Chromium binary,
// as a path or as a name to look up on $PATH. It wins over the search of
// [ExecPath].
const EnvExecPath = "WASMWS_CHROMIUM"

// ErrNotFound is the error, wrapped, that [ExecPath] returns when it finds no
// Chromium.
var ErrNotFound = errors.New("browser: Chromium not found")

// installHint tells the reader how to get a browser. scripts/ensure-browsers.sh
// prints the same advice.
const installHint = "install it with `apt-get install -y chromium` (Debian) or set " + EnvExecPath

// defaultPath is where Debian's chromium package puts its launcher.
const defaultPath = "/usr/bin/chromium"

// pathNames are the names ExecPath looks up on $PATH, in order.
var pathNames = []string{"chromium", "chromium-browser", "google-chrome"}

// ExecPath returns the Chromium binary to run: the value of $WASMWS_CHROMIUM
// when it is set, else /usr/bin/chromium, else the first of chromium,
// chromium-browser and google-chrome found on $PATH.
//
// When there is none, the error wraps [ErrNotFound] and ends with what to do:
// install it with `apt-get install -y chromium` (Debian) or set WASMWS_CHROMIUM.
// When $WASMWS_CHROMIUM names no executable, the error says so and does not
// fall back to the search.
func ExecPath() (string, error) {
	if name := os.Getenv(EnvExecPath); name != "" {
		path, err := exec.LookPath(name)
		if err != nil {
			return "", fmt.Errorf("%w: %s=%q is not an executable (%v): %s",
				ErrNotFound, EnvExecPath, name, err, installHint)
		}
		return path, nil
	}
	if path, err := exec.LookPath(defaultPath); err == nil {
		return path, nil
	}
	for _, name := range pathNames {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", fmt.Errorf("%w (looked for %s, and for %v on $PATH): %s",
		ErrNotFound, defaultPath, pathNames, installHint)
}
