//go:build !js

// Package native adapts the native WebSocket clients the benchmark compares
// to [bench.Client]: the SDK's sdk.Conn, raw github.com/coder/websocket (the
// library the SDK's native transport runs on) and github.com/gorilla/websocket.
// Each is used the straightforward way its documentation shows: Write/Read,
// WriteMessage/ReadMessage, Send/Receive.
//
// gorilla/websocket is a benchmark-only dependency: only this package and the
// benchmark driver import it.
package native

import (
	"context"
	"net/http"

	"github.com/coder/websocket"
	gorilla "github.com/gorilla/websocket"

	"github.com/wasmws/wasmws/internal/tools/bench"
	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// Clients are the implementations compared, the reference (raw
// coder/websocket) second.
var Clients = []bench.Named{
	{Name: "sdk.Conn", Dial: DialSDK},
	{Name: "coder/websocket", Dial: DialCoder},
	{Name: "gorilla/websocket", Dial: DialGorilla},
}

// Extra are clients measured by the Go benchmarks of this package but not
// in the tables of make bench: reconnect.Client, whose send path is
// sdk.Conn's plus the outbox, and the same in resume mode.
var Extra = []bench.Named{
	{Name: "reconnect.Client", Dial: DialReconnect},
	{Name: "reconnect.Client_resume", Dial: DialResume},
}

// Reference is the name of the client the others are compared with.
const Reference = "coder/websocket"

// readLimit is large enough for every benchmark message.
const readLimit = 64 << 20

// DialSDK opens an sdk.Conn.
func DialSDK(ctx context.Context, url string) (bench.Client, error) {
	c, err := sdk.Dial(ctx, url, &sdk.Options{ReadLimit: readLimit})
	if err != nil {
		return nil, err
	}
	return bench.SDKClient(c), nil
}

// DialReconnect opens a reconnect.Client and waits for its first open.
func DialReconnect(ctx context.Context, url string) (bench.Client, error) {
	c, err := reconnect.Dial(ctx, url, &reconnect.Options{Options: sdk.Options{ReadLimit: readLimit}})
	if err != nil {
		return nil, err
	}
	return bench.ReconnectClient(c), nil
}

// DialCoder opens a raw coder/websocket connection, configured as the SDK
// configures its own (no compression).
func DialCoder(ctx context.Context, url string) (bench.Client, error) {
	c, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{
		HTTPClient:      &http.Client{Transport: &http.Transport{}},
		CompressionMode: websocket.CompressionDisabled,
	})
	if err != nil {
		return nil, err
	}
	c.SetReadLimit(readLimit)
	return bench.CoderClient(c), nil
}

// DialGorilla opens a gorilla/websocket connection with its default dialer
// settings (no compression).
func DialGorilla(ctx context.Context, url string) (bench.Client, error) {
	c, resp, err := gorilla.DefaultDialer.DialContext(ctx, url, nil)
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	if err != nil {
		return nil, err
	}
	c.SetReadLimit(readLimit)
	return gorillaClient{c}, nil
}

type gorillaClient struct{ c *gorilla.Conn }

// Send ignores ctx: gorilla has write deadlines, not contexts, and the
// benchmark's ctx only ends on a fatal error.
func (g gorillaClient) Send(_ context.Context, p []byte) error {
	return g.c.WriteMessage(gorilla.BinaryMessage, p)
}

func (g gorillaClient) Receive(context.Context) ([]byte, error) {
	_, p, err := g.c.ReadMessage()
	return p, err
}

func (g gorillaClient) Close() error {
	msg := gorilla.FormatCloseMessage(gorilla.CloseNormalClosure, "")
	_ = g.c.WriteMessage(gorilla.CloseMessage, msg)
	return g.c.Close()
}
