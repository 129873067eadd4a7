//go:build !js

package server

import (
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strings"
)

// staticHandler serves the files under dir, or 404 if dir is "".
//
// What it refuses, with 404: a path with a segment that starts with "." (a
// dotfile or dot-directory such as .git or .env), and a directory without an
// index.html (no listings). Files are opened through an [os.Root], so no path
// and no symbolic link reaches outside dir.
//
// Caching: every response carries Cache-Control: no-cache and a strong ETag,
// so a browser keeps a copy but asks each time (304 if unchanged): the demo
// always runs the wasm module just built, and an unchanged one costs no
// download. Beside a file, precompressed variants made by make (name.br,
// name.gz) are served to clients that accept them (see precompressed.go).
// .wasm files are always application/wasm (which
// WebAssembly.instantiateStreaming requires), whatever the system's MIME
// tables say.
func staticHandler(dir string) http.Handler {
	if dir == "" {
		return http.NotFoundHandler()
	}
	return &staticFiles{dir: dir}
}

// staticFiles is the handler staticHandler returns for a directory.
type staticFiles struct {
	dir string
}

func (s *staticFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	urlPath := r.URL.Path
	if !strings.HasPrefix(urlPath, "/") {
		urlPath = "/" + urlPath
	}
	name := strings.TrimPrefix(path.Clean(urlPath), "/")
	if name == "" {
		name = "."
	}
	if hasDotSegment(name) {
		http.NotFound(w, r)
		return
	}
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer root.Close()
	fi, err := root.Stat(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if fi.IsDir() {
		if !strings.HasSuffix(urlPath, "/") {
			// As http.FileServer does: relative links in index.html resolve
			// against the directory.
			http.Redirect(w, r, path.Base(urlPath)+"/", http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
		if fi, err = root.Stat(name); err != nil || !fi.Mode().IsRegular() {
			http.NotFound(w, r) // no listing of a directory without an index
			return
		}
	}
	if !fi.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}
	s.serveFile(w, r, root, name, fi)
}

// serveFile serves the regular file name, or the precompressed variant of it
// that the client accepts.
func (s *staticFiles) serveFile(w http.ResponseWriter, r *http.Request, root *os.Root, name string, fi fs.FileInfo) {
	h := w.Header()
	h.Set("Content-Type", contentType(name))
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	chosen, chosenInfo, coding := name, fi, ""
	if compressible(name) {
		h.Add("Vary", "Accept-Encoding")
		if v, vi, c, ok := pickVariant(root, name, fi, r.Header.Get("Accept-Encoding")); ok {
			chosen, chosenInfo, coding = v, vi, c
			h.Set("Content-Encoding", c)
		}
	}
	f, err := root.Open(chosen)
	if err != nil {
		h.Del("Content-Encoding")
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	h.Set("ETag", etag(chosenInfo, coding))
	http.ServeContent(w, r, path.Base(name), chosenInfo.ModTime(), f)
}

// hasDotSegment reports whether a segment of the slash-separated name starts
// with a dot ("." alone, the root, excepted).
func hasDotSegment(name string) bool {
	if name == "." {
		return false
	}
	for seg := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}

// contentType returns the media type of a file by its extension:
// application/wasm for .wasm, else the system's tables, else
// application/octet-stream (never sniffed: the response says nosniff).
func contentType(name string) string {
	ext := path.Ext(name)
	if ext == ".wasm" {
		return "application/wasm"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// handleHealthz answers "ok".
func handleHealthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	io.WriteString(w, "ok\n")
}
