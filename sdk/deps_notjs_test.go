//go:build !js

package sdk_test

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestWasmDependencies keeps the browser build of sdk lean: it must not pull
// in net/http (hundreds of KB of wasm), net (see errors_js.go), net/url (see
// urlparse.go), crypto/tls or crypto/x509 (see tlsconfig_js.go) or
// coder/websocket (the native transport), nor reach JS other
// than through safejs. Native only: it runs the go command.
func TestWasmDependencies(t *testing.T) {
	// go test puts $GOROOT/bin first on the test's PATH.
	cmd := exec.Command("go", "list", "-deps", ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	for _, banned := range []string{"net/http", "net", "net/url", "crypto/tls", "crypto/x509", "github.com/coder/websocket"} {
		if slices.Contains(deps, banned) {
			t.Errorf("GOOS=js GOARCH=wasm go list -deps ./sdk contains %s", banned)
		}
	}
	if !slices.Contains(deps, "github.com/hack-pad/safejs") {
		t.Errorf("the browser build of sdk does not use safejs: wrong build tags?")
	}
}
