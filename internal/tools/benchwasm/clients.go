//go:build js && wasm

package main

import (
	"context"

	"github.com/coder/websocket"

	"github.com/wasmws/wasmws/internal/tools/bench"
	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// clients are the Go implementations measured in the browser.
var clients = []bench.Named{
	{Name: "sdk.Conn (wasm)", Dial: dialSDK},
	{Name: "sdk.Conn AppendReceive (wasm)", Dial: dialSDKAppend},
	{Name: "reconnect.Client (wasm)", Dial: dialReconnect},
	{Name: "reconnect.Client resume (wasm)", Dial: dialResume},
	{Name: "coder/websocket (wasm)", Dial: dialCoder},
}

// extra are clients measured only when named with -client: not in the
// tables of make bench. The HighWaterMark ones show what the default
// backpressure costs where the benchmark keeps more in flight (4 MiB) than
// the default HighWaterMark (1 MiB): plain JavaScript has none.
var extra = []bench.Named{
	{Name: "sdk.Conn HighWaterMark 64 MiB (wasm)", Dial: dialSDKWith(bench.SDKClient, 64<<20)},
	{Name: "sdk.Conn AppendReceive HighWaterMark 64 MiB (wasm)", Dial: dialSDKWith(bench.SDKAppendClient, 64<<20)},
}

// readLimit is large enough for every benchmark message.
const readLimit = 64 << 20

func dialSDK(ctx context.Context, url string) (bench.Client, error) {
	return dialSDKWith(bench.SDKClient, 0)(ctx, url)
}

func dialSDKAppend(ctx context.Context, url string) (bench.Client, error) {
	return dialSDKWith(bench.SDKAppendClient, 0)(ctx, url)
}

// dialSDKWith dials an sdk.Conn with the benchmark's options and
// highWaterMark (0: the default), and wraps it with client.
func dialSDKWith(client func(*sdk.Conn) bench.Client, highWaterMark int64) bench.Dialer {
	return func(ctx context.Context, url string) (bench.Client, error) {
		c, err := sdk.Dial(ctx, url, &sdk.Options{ReadLimit: readLimit, ReceiveBuffer: 64 << 20, HighWaterMark: highWaterMark})
		if err != nil {
			return nil, err
		}
		return client(c), nil
	}
}

func dialReconnect(ctx context.Context, url string) (bench.Client, error) {
	c, err := reconnect.Dial(ctx, url, &reconnect.Options{Options: sdk.Options{ReadLimit: readLimit, ReceiveBuffer: 64 << 20}})
	if err != nil {
		return nil, err
	}
	return bench.ReconnectClient(c), nil
}

func dialCoder(ctx context.Context, url string) (bench.Client, error) {
	c, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		return nil, err
	}
	c.SetReadLimit(readLimit)
	return bench.CoderClient(c), nil
}
