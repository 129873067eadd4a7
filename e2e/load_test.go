//go:build !js

package e2e

import (
	"strings"
	"testing"
)

// TestLoad checks load() of wasmws.js: clear errors when the module cannot be
// fetched or instantiated, a retry after a failure, and one namespace for
// every later call.
func TestLoad(t *testing.T) {
	p := openPage(t, "/test/load.html", "")
	r := eval[map[string]any](p, "window.loadResult")
	res := result{t: t, m: r}
	for path, want := range map[string][]string{
		"missing": {"Error: wasmws: cannot fetch", "/missing.wasm", "HTTP 404"},
		"notWasm": {"Error: wasmws: cannot instantiate", "/test/load.html"},
	} {
		got, _ := res.get(path).(string)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: error %q does not contain %q", path, got, w)
			}
		}
	}
	res.eq("samePromise", true)
	res.eq("sameNamespace", true)
	res.eq("frozen", true)
	res.eq("keys", []string{"ReconnectingWebSocket", "WebSocket", "version"})
	if v, _ := res.get("version").(string); v == "" {
		t.Errorf("version = %q, want one", v)
	}
}
