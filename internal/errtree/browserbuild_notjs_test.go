//go:build !js

package errtree

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrowserModuleCallsNoErrorsAs: errors.As links internal/reflectlite
// into a wasm module (29 KB of code and 8 KB brotli in wasmws.wasm when one
// call came back), so the module's packages of this repository use [As]
// instead; errors.Join cost 435 B brotli for two calls, so they use an
// error type of their own (reconnect's because).
// It reads, with the go command (hence native only), the files
// that GOOS=js builds into package wasm.
func TestBrowserModuleCallsNoErrorsAs(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	cmd := exec.Command(goTool, "list", "-deps", "-f", `{{if .Module}}{{if eq .Module.Path "github.com/wasmws/wasmws"}}{{.Dir}}{{range .GoFiles}} {{.}}{{end}}{{end}}{{end}}`, "../../wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	files := 0
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		for _, name := range fields[1:] {
			b, err := os.ReadFile(filepath.Join(fields[0], name))
			if err != nil {
				t.Fatal(err)
			}
			files++
			for call, instead := range map[string]string{"errors.As(": "errtree.As", "errors.Join(": "an error type of the package's own (reconnect's because)"} {
				if strings.Contains(string(b), call) {
					t.Errorf("%s calls %s): use %s in code built into the browser module", filepath.Join(fields[0], name), call, instead)
				}
			}
		}
	}
	if files < 20 {
		t.Fatalf("go list named %d files of the module's own packages in package wasm's build: the listing is wrong", files)
	}
}
