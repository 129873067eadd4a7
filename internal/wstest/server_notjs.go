//go:build !js

package wstest

import (
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/wasmws/wasmws/server"
)

// startServer starts the bundled server on a loopback port for the tests,
// unless WASMWS_ECHO_URL already names one.
func startServer() (stop func(), err error) {
	if os.Getenv(EnvEchoURL) != "" {
		return func() {}, nil
	}
	srv := server.New(server.Options{})
	hs := httptest.NewServer(srv)
	os.Setenv(EnvEchoURL, "ws"+strings.TrimPrefix(hs.URL, "http")+"/echo")
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		hs.Close()
	}, nil
}
