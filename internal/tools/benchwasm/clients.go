//go:build js && wasm

package main

import (
	"context"

	"github.com/coder/websocket"

	"github.com/wasmws/wasmws/internal/tools/bench"
	"github.com/wasmws/wasmws/sdk"
)

// clients are the Go implementations measured in the browser.
var clients = []bench.Named{
	{Name: "sdk.Conn (wasm)", Dial: dialSDK},
	{Name: "coder/websocket (wasm)", Dial: dialCoder},
}

// readLimit is large enough for every benchmark message.
const readLimit = 64 << 20

func dialSDK(ctx context.Context, url string) (bench.Client, error) {
	c, err := sdk.Dial(ctx, url, &sdk.Options{ReadLimit: readLimit, ReceiveBuffer: 64 << 20})
	if err != nil {
		return nil, err
	}
	return bench.SDKClient(c), nil
}

func dialCoder(ctx context.Context, url string) (bench.Client, error) {
	c, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		return nil, err
	}
	c.SetReadLimit(readLimit)
	return bench.CoderClient(c), nil
}
