//go:build !js

package wasmexec

import (
	"embed"
	"encoding/json"
	"net/http"
	"os"
	"strings"
)

// harnessPrefix is where the harness is mounted, next to the echo server.
const harnessPrefix = "/__wasmexec/"

//go:embed harness/index.html harness/harness.js harness/relay.js harness/memfs.js harness/watch.js
var harnessFiles embed.FS

// pageConfig is what the harness page fetches before it starts the program.
type pageConfig struct {
	Argv      []string          `json:"argv"`
	Env       map[string]string `json:"env"`
	Cwd       string            `json:"cwd"`
	ReadDirs  []hostEntry       `json:"readDirs"`
	WriteDirs []string          `json:"writeDirs"`
}

// harness serves the page that runs the program: index.html and the
// scripts (embedded), wasm_exec.js, program.wasm, config.json, and the
// relay and file service of the run.
type harness struct {
	program  string        // path of the wasm binary
	wasmExec string        // path of wasm_exec.js
	config   []byte        // JSON of a pageConfig
	ready    chan struct{} // closed when config.json may be served
	relay    *relay
	files    *hostFiles
}

func (h *harness) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	switch name := strings.TrimPrefix(r.URL.Path, harnessPrefix); name {
	case "", "index.html":
		// Cross-origin isolation gives the page a fine clock: 5 µs in
		// Chromium and 20 µs in Firefox and WebKit instead of 100 µs,
		// 1 ms and 1 ms, for time.Now and benchmark times. The cost: a
		// cross-origin fetch must pass CORS (or the response must carry
		// Cross-Origin-Resource-Policy); WebSockets are not affected.
		w.Header().Set("Cross-Origin-Opener-Policy", "same-origin")
		w.Header().Set("Cross-Origin-Embedder-Policy", "require-corp")
		serveEmbedded(w, "harness/index.html", "text/html; charset=utf-8")
	case "harness.js", "relay.js", "memfs.js", "watch.js":
		serveEmbedded(w, "harness/"+name, "text/javascript; charset=utf-8")
	case "wasm_exec.js":
		serveFile(w, r, h.wasmExec, "text/javascript; charset=utf-8")
	case "program.wasm":
		// instantiateStreaming requires exactly this type.
		serveFile(w, r, h.program, "application/wasm")
	case "config.json":
		select {
		case <-h.ready:
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(h.config)
	default:
		if strings.HasPrefix(name, "fs/") {
			h.files.ServeHTTP(w, r)
			return
		}
		h.relay.ServeHTTP(w, r)
	}
}

func newConfig(cfg pageConfig) []byte {
	b, _ := json.Marshal(cfg) // maps and slices of strings always marshal
	return b
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
