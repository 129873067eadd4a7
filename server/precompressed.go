//go:build !js

package server

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
)

// The precompressed variants the static handler looks for beside a file, in
// the order it prefers them: brotli is about a quarter smaller than gzip on
// the wasm module.
var encodings = []struct{ coding, suffix string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// compressible reports whether the file name is of a kind make precompresses:
// the text and wasm assets of a web page.
func compressible(name string) bool {
	switch path.Ext(name) {
	case ".wasm", ".js", ".mjs", ".css", ".html", ".svg", ".json", ".ts", ".map", ".txt":
		return true
	}
	return false
}

// pickVariant returns the precompressed variant of name that the
// Accept-Encoding header accepts, its info and its content coding. A variant
// is served only if its modification time is exactly the file's: make's
// precompress step stamps it so. Any other time means it may not match the
// file (the file was rebuilt or edited since, or both were copied without
// their times), and the file itself is served instead.
func pickVariant(root *os.Root, name string, fi fs.FileInfo, acceptEncoding string) (string, fs.FileInfo, string, bool) {
	for _, e := range encodings {
		if !accepts(acceptEncoding, e.coding) {
			continue
		}
		v := name + e.suffix
		vi, err := root.Stat(v)
		if err != nil || !vi.Mode().IsRegular() || !vi.ModTime().Equal(fi.ModTime()) {
			continue
		}
		return v, vi, e.coding, true
	}
	return "", nil, "", false
}

// accepts reports whether an Accept-Encoding header value accepts coding
// with a quality above zero (RFC 9110 §12.5.3), by name or through "*".
func accepts(header, coding string) bool {
	star := false
	for item := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(item, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != coding && name != "*" {
			continue
		}
		ok := qualityAboveZero(params)
		if name == coding {
			return ok // an explicit entry wins over "*"
		}
		star = ok
	}
	return star
}

// qualityAboveZero reports whether the parameters of one Accept-Encoding
// entry (";q=0.5") leave its quality above zero. A missing or malformed q
// counts as 1, as most servers read it.
func qualityAboveZero(params string) bool {
	for p := range strings.SplitSeq(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return true
		}
		return q > 0
	}
	return true
}

// etag returns a strong entity tag for one representation of a file: its
// size and modification time, and the content coding, since the br and gzip
// bytes of one file are different representations (RFC 9110 §8.8.3).
func etag(fi fs.FileInfo, coding string) string {
	tag := fmt.Sprintf("%x-%x", fi.ModTime().UnixNano(), fi.Size())
	if coding != "" {
		tag += "-" + coding
	}
	return strconv.Quote(tag)
}
