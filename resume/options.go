//go:build !js

package resume

import (
	"log/slog"
	"slices"
	"time"
)

// Options configures a [Server]. The zero value is ready to use: each
// field's zero value means the default stated beside it.
type Options struct {
	// Store keeps the sessions. Nil means a [MemoryStore] with its defaults,
	// used by this Server alone.
	Store Store

	// Protocols lists the application subprotocols the handler speaks. Of
	// those the client lists in HELLO, the first, in the client's order,
	// that is in Protocols is selected; none if none is (PROTOCOL.md § 4).
	Protocols []string

	// Window is the receive window granted to the client, in bytes beyond
	// what the handler has received, and the bound of the replay buffer of
	// the server's direction; each session reserves it in the store. Zero
	// means [DefaultWindow].
	Window int64

	// SessionTTL is how long a session without connection waits for a
	// resume before it expires. Zero means 2 minutes.
	SessionTTL time.Duration

	// HelloTimeout bounds the wait for HELLO after the handshake; then the
	// connection is closed with 4408. Zero means 10 seconds.
	HelloTimeout time.Duration

	// AckDelay is how long an acknowledgement may wait for a DATA to ride on
	// (PROTOCOL.md § 3). Zero means 100 ms.
	AckDelay time.Duration

	// RefuseWithClose answers a HELLO whose token is refused (stale, forged
	// or malformed) by closing the connection with 4401, creating no
	// session, instead of a WELCOME with status 3 and a fresh session
	// (PROTOCOL.md § 7 lets a server do either; a client reconnects at once
	// as a new session). False, the default, answers status 3, which costs
	// the client no extra connection. The Client of package reconnect (and
	// ReconnectingWebSocket) handles both alike: the not-resumed event, the
	// refused token dropped. Set it only for clients that handle 4401.
	RefuseWithClose bool

	// ReadLimit is the largest frame accepted by [Server.ServeHTTP]; a larger
	// one closes the connection with 1009. Zero means 32 MiB. Callers of
	// [Server.Serve] set their connection's limit themselves; on every
	// connection a DATA payload above ReadLimit closes it with 4400 ("too
	// big", PROTOCOL.md § 2) before any room is allocated for it.
	ReadLimit int64

	// Logger receives session events at Debug level and failures at Warn
	// level. Nil discards them.
	Logger *slog.Logger
}

// DefaultWindow is [Options.Window] when it is zero: 2 MiB, so that two
// messages of 1 MiB are in flight each way (with a window of one message a
// session waits a round trip per message). A session then holds at most 4
// MiB and two messages (replay buffer and inbox), and reserves 2 MiB: a
// [MemoryStore] with its default byte bound (256 MiB) admits 128 sessions.
// A server with many sessions of small messages sets a smaller Window.
const DefaultWindow = 2 << 20

func (o *Options) withDefaults() Options {
	var c Options
	if o != nil {
		c = *o
	}
	c.Protocols = slices.Clone(c.Protocols)
	if c.Store == nil {
		c.Store = NewMemoryStore(nil)
	}
	if c.Window <= 0 {
		c.Window = DefaultWindow
	}
	if c.SessionTTL <= 0 {
		c.SessionTTL = 2 * time.Minute
	}
	if c.HelloTimeout <= 0 {
		c.HelloTimeout = 10 * time.Second
	}
	if c.AckDelay <= 0 {
		c.AckDelay = 100 * time.Millisecond
	}
	if c.ReadLimit == 0 {
		c.ReadLimit = 32 << 20
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}
