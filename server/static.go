//go:build !js

package server

import (
	"io"
	"net/http"
	"strings"
)

// staticHandler serves the files under dir, or 404 if dir is "". Responses
// are never cached, so the demo always loads the wasm just built, and .wasm
// files are always application/wasm (which WebAssembly.instantiateStreaming
// requires), whatever the system's MIME tables say.
func staticHandler(dir string) http.Handler {
	files := http.NotFoundHandler()
	if dir != "" {
		files = http.FileServer(http.Dir(dir))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			w.Header().Set("Content-Type", "application/wasm")
		}
		files.ServeHTTP(w, r)
	})
}

// handleHealthz answers "ok".
func handleHealthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	io.WriteString(w, "ok\n")
}
