package sdk

import (
	"context"

	"github.com/wasmws/wasmws/internal/sendparts"
)

// Package reconnect sends a resume DATA frame's header and payload through
// this seam (see package sendparts).
func init() {
	sendparts.Send = func(ctx context.Context, conn any, head, body []byte) error {
		c, ok := conn.(*Conn)
		if !ok {
			return wrapErr(ErrInvalidState, "not a connection")
		}
		return c.sendVia(ctx, func() error { return c.t.sendParts(head, body) })
	}
}
