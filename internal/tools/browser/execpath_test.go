//go:build !js

package browser

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExecPathEnv(t *testing.T) {
	exe := filepath.Join(t.TempDir(), "my-chromium")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvExecPath, exe)
	if got, err := ExecPath(); got != exe || err != nil {
		t.Errorf("ExecPath() = %q, %v want %q, nil", got, err, exe)
	}
}

func TestExecPathEnvMissing(t *testing.T) {
	t.Setenv(EnvExecPath, "/nonexistent/chromium")
	got, err := ExecPath()
	if got != "" || !errors.Is(err, ErrNotFound) {
		t.Fatalf("ExecPath() = %q, %v want \"\", ErrNotFound", got, err)
	}
	const hint = "install it with `apt-get install -y chromium` (Debian) or set WASMWS_CHROMIUM"
	if !strings.HasSuffix(err.Error(), hint) {
		t.Errorf("error %q does not end with %q", err, hint)
	}
}
