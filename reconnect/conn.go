package reconnect

import (
	"context"

	"github.com/wasmws/wasmws/sdk"
)

// connection is what a Client uses of one connection: an *sdk.Conn, or a fake
// in the tests of the state machine.
type connection interface {
	// Send sends a message checked and copied once, by Client.Send (for an
	// *sdk.Conn: Conn.SendMessage, see sdkConn).
	Send(ctx context.Context, m sdk.Message) error
	Receive(ctx context.Context) (sdk.MessageType, []byte, error)
	Close(code sdk.StatusCode, reason string) error
	CloseNow() error
	Ping(ctx context.Context) error
	Done() <-chan struct{}
	BufferedAmount() int64
	CloseStatus() (sdk.CloseError, bool)
	CloseCalled() bool
	Protocol() string
}

// dialFunc opens one connection, as sdk.Dial does.
type dialFunc func(ctx context.Context, url string, opts *sdk.Options) (connection, error)

// dialSDK is the dialFunc of every Client outside tests, unless
// Options.Dial is set.
var dialSDK = dialWith(sdk.Dial)

// dialWith adapts a dial function of Options.Dial's type to a dialFunc.
func dialWith(dial func(context.Context, string, *sdk.Options) (*sdk.Conn, error)) dialFunc {
	return func(ctx context.Context, url string, opts *sdk.Options) (connection, error) {
		c, err := dial(ctx, url, opts)
		switch {
		case err != nil:
			return nil, err // not a nil *sdk.Conn in a non-nil interface
		case c == nil:
			return nil, errNoConn
		}
		return sdkConn{c}, nil
	}
}

// sdkConn is an *sdk.Conn as a connection: its Send is Conn.SendMessage.
type sdkConn struct{ *sdk.Conn }

func (c sdkConn) Send(ctx context.Context, m sdk.Message) error { return c.SendMessage(ctx, m) }
