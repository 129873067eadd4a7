package reconnect_test

import (
	"testing"

	"github.com/wasmws/wasmws/internal/wstest"
)

// The suite runs natively (the echo server in-process) and compiled to wasm in
// headless Chromium, with the same test names.
func TestMain(m *testing.M) { wstest.Main(m) }
