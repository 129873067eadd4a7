package bench

import (
	"context"

	"github.com/wasmws/wasmws/sdk"
)

// SDKAppendClient is SDKClient receiving with sdk.Conn.AppendReceive into
// one reused buffer: the bytes Receive returns are valid until the next
// Receive, which the loops (one receiving goroutine, which only checks the
// length) allow.
func SDKAppendClient(c *sdk.Conn) Client { return &sdkAppendClient{c: c} }

type sdkAppendClient struct {
	c   *sdk.Conn
	buf []byte
}

func (s *sdkAppendClient) Send(ctx context.Context, p []byte) error {
	return s.c.Send(ctx, sdk.Binary, p)
}

func (s *sdkAppendClient) Receive(ctx context.Context) ([]byte, error) {
	_, p, err := s.c.AppendReceive(ctx, s.buf[:0])
	s.buf = p
	return p, err
}

func (s *sdkAppendClient) Close() error { return s.c.Close(sdk.StatusNormalClosure, "") }
