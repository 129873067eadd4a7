package bench

import "context"

// A Client is one connection to an echo server, as the loops use it. Send is
// called from one goroutine and Receive from another, possibly at the same
// time.
type Client interface {
	// Send sends p as one binary message. p may be reused after Send
	// returns.
	Send(ctx context.Context, p []byte) error
	// Receive returns the next message.
	Receive(ctx context.Context) ([]byte, error)
	// Close closes the connection.
	Close() error
}

// A Dialer opens a Client to the echo endpoint at url.
type Dialer func(ctx context.Context, url string) (Client, error)
