//go:build !js

package wasmexec

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// maxUpload bounds one file the page writes back (a profile, coverage).
const maxUpload = 1 << 30

// hostEntry describes a host file to the page, in the terms of Node's fs.
type hostEntry struct {
	Name    string  `json:"name,omitempty"`
	Path    string  `json:"path,omitempty"`
	Mode    uint32  `json:"mode"` // S_IFDIR or S_IFREG, and the permission bits
	Size    int64   `json:"size"`
	MtimeMs float64 `json:"mtimeMs"`
}

const (
	sIFDIR = 0o040000
	sIFREG = 0o100000
)

// newHostEntry returns the entry of fi, and false for what is neither a
// file nor a directory.
func newHostEntry(fi fs.FileInfo) (hostEntry, bool) {
	e := hostEntry{
		Name:    fi.Name(),
		Mode:    uint32(fi.Mode().Perm()),
		Size:    fi.Size(),
		MtimeMs: float64(fi.ModTime().UnixMicro()) / 1000,
	}
	switch {
	case fi.IsDir():
		e.Mode |= sIFDIR
		e.Size = 0
	case fi.Mode().IsRegular():
		e.Mode |= sIFREG
	default:
		return e, false
	}
	return e, true
}

// hostFiles lends host directories to the page (see harness/memfs.js):
// readDirs to read, writeDirs to write the files the program leaves there
// when it exits. No other path is served.
type hostFiles struct {
	readDirs, writeDirs []string
}

// within reports whether path is dir or inside it.
func within(path string, dirs []string) bool {
	for _, dir := range dirs {
		if path == dir || strings.HasPrefix(path, dir+string(filepath.Separator)) || dir == "/" {
			return true
		}
	}
	return false
}

func (h *hostFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Query().Get("path")
	if !filepath.IsAbs(path) {
		http.Error(w, "EINVAL", http.StatusBadRequest)
		return
	}
	path = filepath.Clean(path)
	op := strings.TrimPrefix(r.URL.Path, harnessPrefix+"fs/")
	if op == "write" {
		if r.Method != http.MethodPost || !within(path, h.writeDirs) {
			http.Error(w, "EACCES", http.StatusForbidden)
			return
		}
		if err := writeHostFile(path, io.LimitReader(r.Body, maxUpload)); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
		return
	}
	if !within(path, h.readDirs) && !within(path, h.writeDirs) {
		http.Error(w, "ENOENT", http.StatusNotFound)
		return
	}
	switch op {
	case "list":
		entries, err := os.ReadDir(path)
		if err != nil {
			fsError(w, err)
			return
		}
		list := []hostEntry{}
		for _, de := range entries {
			fi, err := os.Stat(filepath.Join(path, de.Name())) // through symlinks
			if err != nil {
				continue
			}
			if e, ok := newHostEntry(fi); ok {
				list = append(list, e)
			}
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(list)
	case "read":
		f, err := os.Open(path)
		if err != nil {
			fsError(w, err)
			return
		}
		defer f.Close()
		w.Header().Set("Content-Type", "application/octet-stream")
		io.Copy(w, f)
	default:
		http.NotFound(w, r)
	}
}

// fsError answers 404 with the Node error code of err, which the page
// turns into the error Go's syscall package expects.
func fsError(w http.ResponseWriter, err error) {
	code := "EIO"
	switch {
	case errors.Is(err, fs.ErrNotExist):
		code = "ENOENT"
	case errors.Is(err, fs.ErrPermission):
		code = "EACCES"
	}
	http.Error(w, code, http.StatusNotFound)
}

// writeHostFile writes a file the program left in a write directory.
func writeHostFile(path string, r io.Reader) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readDirEntry returns the entry the page mounts for the directory dir.
func readDirEntry(dir string) (hostEntry, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return hostEntry{}, err
	}
	e, _ := newHostEntry(fi)
	e.Name = ""
	e.Path = dir
	return e, nil
}
