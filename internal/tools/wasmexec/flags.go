//go:build !js

package wasmexec

import (
	"path/filepath"
	"strings"
)

// testFlags are the leading flags of a test binary's command line, as the
// flag package reads them: -name=value, --name=value, or -name value.
type testFlags struct {
	args []string
}

// find returns the index of the flag test.name (or name) in args, its value
// and how many arguments it spans (1 or 2); n is 0 when it is absent.
func (f testFlags) find(name string) (i int, value string, n int) {
	for i := 0; i < len(f.args); i++ {
		arg := f.args[i]
		if arg == "--" || arg == "-" || !strings.HasPrefix(arg, "-") {
			break // the flag package stops here too
		}
		key, v, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-"), "=")
		span := 1
		if !hasValue && i+1 < len(f.args) && !strings.HasPrefix(f.args[i+1], "-") {
			v, span = f.args[i+1], 2
		}
		if key == "test."+name || key == name {
			return i, v, span
		}
		i += span - 1
	}
	return 0, "", 0
}

// value returns the value of the flag test.name.
func (f testFlags) value(name string) (string, bool) {
	_, v, n := f.find(name)
	return v, n > 0
}

// without returns the arguments without the flag test.name.
func (f testFlags) without(name string) []string {
	i, _, n := f.find(name)
	if n == 0 {
		return f.args
	}
	return append(append([]string{}, f.args[:i]...), f.args[i+n:]...)
}

// outputFlags are the flags that name a file the test binary writes.
var outputFlags = []string{"coverprofile", "cpuprofile", "memprofile", "blockprofile", "mutexprofile", "trace", "testlogfile"}

// outputPath resolves a file flag's value as the testing package does:
// relative to -test.outputdir when it is given, else to dir.
func (f testFlags) outputPath(value, dir string) string {
	if filepath.IsAbs(value) {
		return value
	}
	if out, ok := f.value("outputdir"); ok && out != "" {
		dir = out
	}
	return filepath.Join(dir, value)
}

// writeDirs returns the directories the program writes its outputs in:
// those of the output flags, -test.gocoverdir, and $GOCOVERDIR.
func (f testFlags) writeDirs(cwd, gocoverdir string) []string {
	dirs := []string{}
	add := func(dir string) {
		dir = filepath.Clean(dir)
		for _, d := range dirs {
			if d == dir {
				return
			}
		}
		dirs = append(dirs, dir)
	}
	for _, name := range outputFlags {
		if v, ok := f.value(name); ok && v != "" {
			add(filepath.Dir(f.outputPath(v, cwd)))
		}
	}
	// The testing package and the coverage runtime take a relative
	// coverage directory relative to the working directory.
	for _, v := range []string{f.gocoverdir(), gocoverdir} {
		if v != "" && !filepath.IsAbs(v) {
			v = filepath.Join(cwd, v)
		}
		if v != "" {
			add(v)
		}
	}
	return dirs
}

// gocoverdir returns the value of -test.gocoverdir, or "".
func (f testFlags) gocoverdir() string {
	v, _ := f.value("gocoverdir")
	return v
}
