package bench

import (
	"context"

	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// ReconnectClient runs the benchmarks on a reconnect.Client, sending binary
// messages: its send path (outbox, pump, the connection's Send) and its
// receive path (forwarder, inbox) on top of sdk.Conn's. Natively and in the
// browser alike.
func ReconnectClient(c *reconnect.Client) Client { return reconnectClient{c} }

type reconnectClient struct{ c *reconnect.Client }

func (r reconnectClient) Send(ctx context.Context, p []byte) error {
	return r.c.Send(ctx, sdk.Binary, p)
}

func (r reconnectClient) Receive(ctx context.Context) ([]byte, error) {
	_, p, err := r.c.Receive(ctx)
	return p, err
}

func (r reconnectClient) Close() error { return r.c.Close(sdk.StatusNormalClosure, "") }
