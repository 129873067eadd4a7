//go:build !js

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// typescriptVersion is the TypeScript release types_test.go checks with.
const typescriptVersion = "5.9.3"

// tscDir is where the test installs TypeScript when it is missing: bin/ at
// the root of the repository (git-ignored). make tsc installs it there too.
const tscDir = "../bin/typescript"

// TestTypes checks web/wasmws.d.ts with tsc --noEmit --strict over
// testdata/types/usage.ts, which uses every declaration. It installs the
// pinned TypeScript with npm into bin/typescript when it is not there.
func TestTypes(t *testing.T) {
	tsc := typescript(t)
	dir := t.TempDir()
	if err := copyDir("testdata/types", dir, func(string) bool { return true }); err != nil {
		t.Fatal(err)
	}
	if err := copyFile("../web/wasmws.d.ts", filepath.Join(dir, "wasmws.d.ts")); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tsc, "-p", "tsconfig.json")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("tsc --noEmit over usage.ts: %v\n%s", err, out)
	}
}

// typescript returns the path of the pinned tsc, installing it with npm into
// bin/typescript when it is not there.
func typescript(t *testing.T) string {
	t.Helper()
	tsc, err := filepath.Abs(filepath.Join(tscDir, "node_modules", ".bin", "tsc"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tsc); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			t.Fatalf("TypeScript is not in %s and npm is missing to install it: install Node.js and npm, or run make tsc", tscDir)
		}
		cmd := exec.Command(npm, "install", "--prefix", tscDir, "--no-audit", "--no-fund", "typescript@"+typescriptVersion)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm install typescript@%s: %v\n%s", typescriptVersion, err, out)
		}
	}
	return tsc
}
