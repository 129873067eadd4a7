package wasmpack

import (
	"fmt"
	"os"
	"path/filepath"
)

// PackFile packs the module in the file at path into the file at out (which
// may be path itself), as Pack does. The output is written to a temporary
// file beside out and renamed over it, so that on any error out is left as
// it was and no partial module is ever seen.
func PackFile(path, out string, opts *Options) (Stats, error) {
	module, err := os.ReadFile(path)
	if err != nil {
		return Stats{}, err
	}
	packed, st, err := Pack(module, opts)
	if err != nil {
		return Stats{}, fmt.Errorf("%s: %w", path, err)
	}
	return st, writeAtomic(out, packed)
}

// writeAtomic writes b to a temporary file beside path and renames it over
// path.
func writeAtomic(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".wasmpack-*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
