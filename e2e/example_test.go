//go:build !js

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestExampleWasmPage builds examples/wasm-page as its README says (main.wasm
// with GOOS=js GOARCH=wasm, index.html, wasm_exec.js from the Go root), serves
// it with the bundled server and loads it in Chromium: the page shows the
// echo, and main returns after the close.
func TestExampleWasmPage(t *testing.T) {
	dir := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "main.wasm"), "../examples/wasm-page")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the example: %v\n%s", err, out)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	for src, name := range map[string]string{
		"../examples/wasm-page/index.html":                                              "index.html",
		filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"): "wasm_exec.js",
	} {
		if err := copyFile(src, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	baseURL, stop := serveDir(dir, nil)
	defer stop()
	p := openURL(t, baseURL+"/")
	got := eval[string](p, "window.mainReturned.then(() => document.getElementById('log').textContent)")
	want := "connected to ws" + strings.TrimPrefix(baseURL, "http") + "/echo\n" +
		"received Text \"hello from Go\"\n" +
		"main returned\n"
	if got != want {
		t.Errorf("the page shows %q want %q\nconsole:\n%s", got, want, p.consoleText())
	}
	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}
