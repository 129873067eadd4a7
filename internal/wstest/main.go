package wstest

import (
	"fmt"
	"net/url"
	"os"
	"testing"
)

// EnvEchoURL names the environment variable holding the echo endpoint's URL,
// such as ws://127.0.0.1:9998/echo.
const EnvEchoURL = "WASMWS_ECHO_URL"

// Main runs a package's tests: it starts the echo server where the target
// allows, runs m, then fails the run if goroutines started by the tests are
// still running.
func Main(m *testing.M) {
	stop, err := startServer()
	if err != nil {
		fmt.Fprintln(os.Stderr, "wstest:", err)
		os.Exit(1)
	}
	before := goroutines()
	code := m.Run()
	if code == 0 {
		if leaked := leakedAfter(before); leaked != "" {
			fmt.Fprintln(os.Stderr, "wstest: goroutines leaked by the tests:\n"+leaked)
			code = 1
		}
	}
	stop()
	os.Exit(code)
}

// EchoURL returns the echo endpoint's URL with query (such as "drop=3")
// appended.
func EchoURL(tb testing.TB, query string) string {
	tb.Helper()
	u := os.Getenv(EnvEchoURL)
	if u == "" {
		tb.Fatalf("%s is not set: run the tests through wstest.Main (natively) or internal/tools/wasmexec (GOOS=js)", EnvEchoURL)
	}
	if query != "" {
		u += "?" + query
	}
	return u
}

// EchoHost returns the host:port of the echo server.
func EchoHost(tb testing.TB) string {
	tb.Helper()
	u, err := url.Parse(EchoURL(tb, ""))
	if err != nil {
		tb.Fatalf("bad %s: %v", EnvEchoURL, err)
	}
	return u.Host
}
