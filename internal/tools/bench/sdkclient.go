package bench

import (
	"context"

	"github.com/wasmws/wasmws/sdk"
)

// SDKClient runs the benchmarks on an open sdk.Conn, sending binary
// messages. Natively and in the browser alike: the two dial functions differ
// only in the options they pass.
func SDKClient(c *sdk.Conn) Client { return sdkClient{c} }

type sdkClient struct{ c *sdk.Conn }

func (s sdkClient) Send(ctx context.Context, p []byte) error { return s.c.Send(ctx, sdk.Binary, p) }

func (s sdkClient) Receive(ctx context.Context) ([]byte, error) {
	_, p, err := s.c.Receive(ctx)
	return p, err
}

func (s sdkClient) Close() error { return s.c.Close(sdk.StatusNormalClosure, "") }
