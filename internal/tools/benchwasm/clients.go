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
// tables of make bench.
var extra = []bench.Named{}

// readLimit is large enough for every benchmark message.
const readLimit = 64 << 20

func dialSDK(ctx context.Context, url string) (bench.Client, error) {
	c, err := sdk.Dial(ctx, url, &sdk.Options{ReadLimit: readLimit, ReceiveBuffer: 64 << 20})
	if err != nil {
		return nil, err
	}
	return bench.SDKClient(c), nil
}

func dialSDKAppend(ctx context.Context, url string) (bench.Client, error) {
	c, err := sdk.Dial(ctx, url, &sdk.Options{ReadLimit: readLimit, ReceiveBuffer: 64 << 20})
	if err != nil {
		return nil, err
	}
	return bench.SDKAppendClient(c), nil
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
