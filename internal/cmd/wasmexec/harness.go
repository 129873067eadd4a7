//go:build !js

package main

import (
	"embed"
	"encoding/json"
	"net/http"
	"os"
	"strings"
)

// harnessPrefix is where the harness is mounted, next to the echo server.
const harnessPrefix = "/__wasmexec/"

//go:embed harness/index.html harness/harness.js harness/memfs.js
var harnessFiles embed.FS

// pageConfig is what the harness page fetches before it starts the program.
type pageConfig struct {
	Argv []string          `json:"argv"`
	Env  map[string]string `json:"env"`
}

// harness serves the page that runs the program, under harnessPrefix:
// index.html, harness.js and memfs.js (embedded), wasm_exec.js, program.wasm and
// config.json.
type harness struct {
	program  string // path of the wasm binary
	wasmExec string // path of wasm_exec.js
	config   []byte // JSON of a pageConfig
}

func newHarness(program, wasmExec string, cfg pageConfig) (*harness, error) {
	b, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	return &harness{program: program, wasmExec: wasmExec, config: b}, nil
}

func (h *harness) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	switch name := strings.TrimPrefix(r.URL.Path, harnessPrefix); name {
	case "", "index.html":
		serveEmbedded(w, "harness/index.html", "text/html; charset=utf-8")
	case "harness.js", "memfs.js":
		serveEmbedded(w, "harness/"+name, "text/javascript; charset=utf-8")
	case "wasm_exec.js":
		serveFile(w, r, h.wasmExec, "text/javascript; charset=utf-8")
	case "program.wasm":
		// instantiateStreaming requires exactly this type.
		serveFile(w, r, h.program, "application/wasm")
	case "config.json":
		w.Header().Set("Content-Type", "application/json")
		w.Write(h.config)
	default:
		http.NotFound(w, r)
	}
}

func serveEmbedded(w http.ResponseWriter, name, contentType string) {
	b, err := harnessFiles.ReadFile(name)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Write(b)
}

func serveFile(w http.ResponseWriter, r *http.Request, path, contentType string) {
	f, err := os.Open(path)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentType)
	http.ServeContent(w, r, "", fi.ModTime(), f)
}
