//go:build js && wasm

package main

import (
	"context"

	"github.com/wasmws/wasmws/internal/tools/bench"
	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// dialResume opens a reconnect.Client in resume mode (wasmws.resume.v1),
// measured beside dialReconnect's plain mode.
func dialResume(ctx context.Context, url string) (bench.Client, error) {
	c, err := reconnect.Dial(ctx, url, &reconnect.Options{
		Options: sdk.Options{ReadLimit: readLimit, ReceiveBuffer: 64 << 20},
		Resume:  true,
	})
	if err != nil {
		return nil, err
	}
	return bench.ReconnectClient(c), nil
}
