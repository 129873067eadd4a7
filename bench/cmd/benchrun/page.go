//go:build !js

package main

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// pageFiles are the benchmark page and its script.
//
//go:embed page
var pageFiles embed.FS

// preparePage fills d.web with what the server serves: the page, the Go
// runtime's wasm_exec.js, and wasmws.js with a wasmws.wasm built from ./wasm
// when issue 4's files are there.
func (d *driver) preparePage() error {
	d.web = filepath.Join(d.work, "web")
	if err := os.MkdirAll(d.web, 0o755); err != nil {
		return err
	}
	sub, _ := fs.Sub(pageFiles, "page")
	if err := os.CopyFS(d.web, sub); err != nil {
		return err
	}
	root, err := goroot()
	if err != nil {
		return err
	}
	if err := copyFile(filepath.Join(root, "lib", "wasm", "wasm_exec.js"), filepath.Join(d.web, "wasm_exec.js")); err != nil {
		return err
	}
	d.report.WasmwsPending = d.prepareWasmws()
	return nil
}

// prepareWasmws builds wasmws.wasm and copies wasmws.js for the
// wasmws.WebSocket column, and returns why it cannot, or "".
func (d *driver) prepareWasmws() string {
	if _, err := os.Stat("web/wasmws.js"); err != nil {
		return "pending issue 4: web/wasmws.js is missing"
	}
	if go_, _ := filepath.Glob("wasm/*.go"); len(go_) == 0 {
		return "pending issue 4: package ./wasm is missing"
	}
	d.progress.show("building wasmws.wasm from ./wasm as make build does")
	module := filepath.Join(d.web, "wasmws.wasm")
	if err := goBuild(jsEnv, module, "./wasm", makeBuildStep.flags...); err != nil {
		return "pending issue 4: " + firstLine(err.Error())
	}
	if _, err := packIf(makeBuildStep.pack, module); err != nil {
		return err.Error()
	}
	if err := copyFile("web/wasmws.js", filepath.Join(d.web, "wasmws.js")); err != nil {
		return err.Error()
	}
	return ""
}

// goroot returns the GOROOT of the go command on $PATH.
func goroot() (string, error) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOROOT: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

// firstLine returns s up to its first newline.
func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}
