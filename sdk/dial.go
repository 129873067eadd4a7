package sdk

import "context"

// New starts connecting to url and returns at once, as the browser's
// WebSocket constructor does: the Conn is Connecting, and Opened or Done tells
// how it went. Errors come only from invalid input and match ErrSyntax,
// ErrInvalidOptions or ErrUnsupported.
//
// url must be an absolute ws, wss, http or https URL without a fragment; see
// [ParseURL].
//
// # WebAssembly
//
// In the browser the URL is parsed by the browser's own WebSocket, so a
// relative URL resolves against the page's base URL.
func New(url string, opts *Options) (*Conn, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	c := newConn(o)
	if err := startTransport(c, url); err != nil {
		return nil, err
	}
	return c, nil
}

// Dial is New followed by a wait until the connection is Open. If it fails
// first, Dial returns its close error (matching ErrClosed, with the
// CloseError and any cause). If ctx ends first, Dial closes the connection
// and returns ctx's error.
func Dial(ctx context.Context, url string, opts *Options) (*Conn, error) {
	c, err := New(url, opts)
	if err != nil {
		return nil, err
	}
	return awaitOpen(ctx, c)
}

// awaitOpen waits until c is Open, as Dial does.
func awaitOpen(ctx context.Context, c *Conn) (*Conn, error) {
	select {
	case <-c.opened:
		return c, nil
	case <-c.done:
	case <-ctx.Done():
		_ = c.Close(StatusNormalClosure, "")
		<-c.done
		return nil, ctx.Err()
	}
	// Failed, or opened and closed at once: report how.
	select {
	case <-c.opened:
		return c, nil
	default:
	}
	_, _, err := c.Receive(context.Background())
	return nil, err
}
