//go:build !js

package native

import (
	"context"

	"github.com/wasmws/wasmws/internal/tools/bench"
	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// ResumeClients are reconnect.Client in plain mode and in resume mode
// (wasmws.resume.v1), the first the reference of the second: what resume
// mode costs.
var ResumeClients = []bench.Named{
	{Name: ResumeReference, Dial: DialReconnect},
	{Name: "reconnect.Client (resume)", Dial: DialResume},
}

// ResumeReference is the client resume mode is compared with.
const ResumeReference = "reconnect.Client"

// DialResume opens a reconnect.Client in resume mode and waits for its
// first open.
func DialResume(ctx context.Context, url string) (bench.Client, error) {
	c, err := reconnect.Dial(ctx, url, &reconnect.Options{Options: sdk.Options{ReadLimit: readLimit}, Resume: true})
	if err != nil {
		return nil, err
	}
	return bench.ReconnectClient(c), nil
}
