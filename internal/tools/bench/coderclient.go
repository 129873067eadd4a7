package bench

import (
	"context"

	"github.com/coder/websocket"
)

// CoderClient runs the benchmarks on an open coder/websocket connection,
// sending binary messages. Natively and in the browser alike: the two dial
// functions differ only in the options they pass.
func CoderClient(c *websocket.Conn) Client { return coderClient{c} }

type coderClient struct{ c *websocket.Conn }

func (c coderClient) Send(ctx context.Context, p []byte) error {
	return c.c.Write(ctx, websocket.MessageBinary, p)
}

func (c coderClient) Receive(ctx context.Context) ([]byte, error) {
	_, p, err := c.c.Read(ctx)
	return p, err
}

func (c coderClient) Close() error { return c.c.Close(websocket.StatusNormalClosure, "") }
