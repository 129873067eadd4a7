//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wasmws/wasmws/internal/tools/browser"
)

// npmPackage is the name web/package.json gives the package.
const npmPackage = "@wasmws/wasmws"

// TestNPMPackage is the round trip of the JavaScript classes as an npm
// package: npm pack the files make npm packs (web/package.json, the classes,
// their types, the module and wasm_exec.js built by TestMain, LICENSE),
// install the tarball into a scratch project, resolve the package through
// its "exports" with Node and TypeScript as bundlers do, and load the classes
// from node_modules in Chromium, echoing a message through the server that
// serves the project. The package's version must be the VERSION file's (the
// Go module's release).
func TestNPMPackage(t *testing.T) {
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Fatal("npm is missing: install Node.js and npm (Debian: apt-get install -y nodejs npm)")
	}
	work := t.TempDir()
	stage := filepath.Join(work, "package")
	if err := os.Mkdir(stage, 0o755); err != nil {
		t.Fatal(err)
	}
	for src, name := range map[string]string{
		"../web/package.json":                     "package.json",
		"../web/README.md":                        "README.md",
		"../web/wasmws.js":                        "wasmws.js",
		"../web/wasmws.d.ts":                      "wasmws.d.ts",
		"../LICENSE":                              "LICENSE",
		filepath.Join(env.webDir, "wasmws.wasm"):  "wasmws.wasm",
		filepath.Join(env.webDir, "wasm_exec.js"): "wasm_exec.js",
	} {
		if err := copyFile(src, filepath.Join(stage, name)); err != nil {
			t.Fatal(err)
		}
	}

	// npm pack
	out := runIn(t, work, npm, "pack", "--json", "./package")
	var packed []struct {
		Filename string `json:"filename"`
		Version  string `json:"version"`
		Files    []struct {
			Path string `json:"path"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &packed); err != nil || len(packed) != 1 {
		t.Fatalf("npm pack --json: %v\n%s", err, out)
	}
	p := packed[0]
	version, err := os.ReadFile("../VERSION")
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(string(version)); p.Version != want {
		t.Errorf("web/package.json version %q, VERSION says %q: they must match", p.Version, want)
	}
	var files []string
	for _, f := range p.Files {
		files = append(files, f.Path)
	}
	t.Logf("npm pack: %s (%s)", p.Filename, strings.Join(files, ", "))
	for _, want := range []string{"wasmws.js", "wasmws.d.ts", "wasmws.wasm", "wasm_exec.js", "LICENSE", "package.json"} {
		if !strings.Contains(","+strings.Join(files, ",")+",", ","+want+",") {
			t.Errorf("the tarball lacks %s: %v", want, files)
		}
	}

	// npm install into a scratch project, offline: the package has no
	// dependencies.
	project := filepath.Join(work, "project")
	if err := os.Mkdir(project, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(project, "package.json"), []byte(`{"name": "scratch", "private": true, "type": "module"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	runIn(t, project, npm, "install", "--offline", "--no-audit", "--no-fund", filepath.Join(work, p.Filename))

	// Node resolves the bare name and the wasm through "exports".
	resolved := map[string]string{}
	for _, spec := range []string{npmPackage, npmPackage + "/wasmws.wasm"} {
		u := strings.TrimSpace(runIn(t, project, "node", "--input-type=module", "-e", "console.log(import.meta.resolve("+strconvQuote(spec)+"))"))
		pu, err := url.Parse(u)
		if err != nil || pu.Scheme != "file" || !strings.HasPrefix(pu.Path, project+"/node_modules/"+npmPackage+"/") {
			t.Fatalf("node resolves %s to %q, want a file in node_modules/%s", spec, u, npmPackage)
		}
		resolved[spec] = strings.TrimPrefix(pu.Path, project)
	}
	t.Logf("node resolves %s to %s", npmPackage, resolved[npmPackage])

	// TypeScript finds the types through "exports" (moduleResolution bundler).
	for _, name := range []string{"usage.ts", "tsconfig.json"} {
		if err := copyFile(filepath.Join("testdata", "npm", name), filepath.Join(project, name)); err != nil {
			t.Fatal(err)
		}
	}
	runIn(t, project, typescript(t), "-p", "tsconfig.json")

	// The browser loads the classes from node_modules.
	page, err := os.ReadFile(filepath.Join("testdata", "npm", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	importMap, _ := json.Marshal(map[string]any{"imports": map[string]string{npmPackage: resolved[npmPackage]}})
	page = []byte(strings.Replace(string(page), "IMPORT_MAP", string(importMap), 1))
	if err := os.WriteFile(filepath.Join(project, "index.html"), page, 0o644); err != nil {
		t.Fatal(err)
	}
	baseURL, stop := serveDir(project, nil)
	defer stop()
	result := eval[struct{ Data, Version, Wasm string }](openURL(t, baseURL+"/index.html"), "window.npmResult")
	if result.Data != "hello from npm" || !strings.Contains(result.Wasm, "/node_modules/"+npmPackage+"/wasmws.wasm") {
		t.Errorf("in Chromium: echoed %q, wasm from %q; want %q from node_modules/%s", result.Data, result.Wasm, "hello from npm", npmPackage)
	}
	t.Logf("Chromium loaded the classes from node_modules: engine %s, wasm %s, echoed %q", result.Version, result.Wasm, result.Data)
}

// runIn runs name args in dir and returns its stdout; it fails the test with
// the output on an error.
func runIn(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s%s", filepath.Base(name), strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}

// strconvQuote quotes s as a JavaScript string literal.
func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// openURL opens url, on any server, in a new tab of the test browser; the
// tab closes when the test ends.
func openURL(t *testing.T, url string) *page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(env.browser)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancelTimeout)
	p := &page{t: t, ctx: ctx}
	if err := browser.ForwardConsole(ctx, p.record); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("loading %s: %v", url, err)
	}
	return p
}
