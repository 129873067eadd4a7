//go:build !js

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version is the release of wasmws this binary was built from. make build
// sets it from the VERSION file (-ldflags "-X main.version=..."), the same
// number the npm package of the JavaScript classes carries; a binary built by
// "go install .../cmd/wasmws@vX.Y.Z" reports the module version instead.
var version = ""

// runVersion is "wasmws version" (and "wasmws --version"): one line with
// the version, the commit when known, and the Go toolchain.
func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprintf(fs.Output(), "usage: wasmws version\n") }
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	fmt.Fprintln(stdout, versionLine(version, readBuildInfo()))
	return nil
}

// readBuildInfo returns the binary's build information, or nil.
func readBuildInfo() *debug.BuildInfo {
	bi, _ := debug.ReadBuildInfo()
	return bi
}

// versionLine formats "wasmws 0.1.0 (commit 1a2b3c4d5e6f, go1.25.4)". The
// version set at link time wins; else the module version from bi; else
// "devel".
func versionLine(linked string, bi *debug.BuildInfo) string {
	v, commit, dirty := linked, "", false
	if bi != nil {
		if v == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if v == "" {
		v = "devel"
	}
	extra := runtime.Version()
	if commit != "" {
		if len(commit) > 12 {
			commit = commit[:12]
		}
		if dirty {
			commit += "+dirty"
		}
		extra = "commit " + commit + ", " + extra
	}
	return fmt.Sprintf("wasmws %s (%s)", v, extra)
}
