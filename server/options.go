//go:build !js

package server

import (
	"log/slog"
	"slices"
	"time"

	"github.com/wasmws/wasmws/resume"
)

// Options configures a [Server]. The zero value is ready to use: every field's
// zero value means the default stated beside it.
type Options struct {
	// WebDir is the directory served at "/" as static files. Empty means no
	// static files: every path other than /echo and /healthz is 404.
	WebDir string

	// Subprotocols lists the subprotocols the server knows. It selects the
	// first one the client offers, in the client's order, that is in this
	// list. Empty means {"echo-protocol", "chat", "echo"}. The protocol query
	// parameter overrides it per connection.
	Subprotocols []string

	// OriginPatterns lists extra Origin hosts allowed to open WebSockets,
	// matched with path.Match case-insensitively against the Origin's host, or
	// against "scheme://host" if the pattern contains "://" (the syntax of
	// github.com/coder/websocket AcceptOptions.OriginPatterns). Always
	// allowed, whatever this holds: requests without an Origin header, an
	// Origin whose host is the request's Host, and localhost, 127.0.0.1 and
	// [::1] on any port. Malformed patterns are logged and ignored.
	OriginPatterns []string

	// ReadLimit is the largest message, in bytes, the server accepts; a larger
	// one closes the connection with 1009 (message too big). Zero means
	// 64 MiB, more than the SDK's 32 MiB default so that tests of the client's
	// own limit are not masked by the server's. Negative means no limit. It
	// bounds a message's size, not memory: echoes stream through a buffer of
	// 32 KiB (see MemoryBudget), so the start of a message that turns out too
	// big has already been echoed when it closes.
	ReadLimit int64

	// MemoryBudget bounds the bytes of message data held across all
	// connections: the 32 KiB buffer each message being echoed streams
	// through, the buffer of each push, and in resume mode the buffer each
	// message is read into whole (a frame is parsed whole), until it is
	// read. A message waits for room before it is read (TCP pushes back on
	// its client meanwhile); a handshake asking for a push that does not fit
	// is refused with 503; a resume-mode message that outgrows the room left
	// closes its connection with 1013 (the client resumes its session on a
	// new one). What a resume session holds once a message is read is bounded
	// by the credit it grants and by its store (package resume), not by
	// MemoryBudget. Zero means 128 MiB. It must be at least 32 KiB; smaller
	// values mean 32 KiB.
	MemoryBudget int64

	// MessageTimeout bounds how long one message may take to arrive, from its
	// first frame to its last, not counting a delay= asked for; a slower one
	// closes the connection with 1008 (policy violation). Time between
	// messages is not bounded. Zero means one minute.
	MessageTimeout time.Duration

	// MaxConns bounds concurrent WebSocket connections; a handshake over the
	// bound is refused with 503. Zero means 1000. Negative means no bound.
	MaxConns int

	// HandshakeTimeout bounds how long a client may take to send its request
	// headers; [Server.HTTPServer] uses it as ReadHeaderTimeout. Zero means 10s.
	HandshakeTimeout time.Duration

	// ResumeStore keeps the sessions of resume mode on /echo. Nil means a
	// resume.MemoryStore of this Server alone; a store shared by several
	// servers (package resume/redisstore) lets a client resume on any of
	// them.
	ResumeStore resume.Store

	// Logger receives connection opens and closes at Debug level and errors
	// at Warn level. Nil means a logger that discards everything.
	Logger *slog.Logger
}

// withDefaults returns a copy of o with defaults filled in. It never changes
// o or the slices it refers to.
func (o Options) withDefaults() Options {
	if len(o.Subprotocols) == 0 {
		o.Subprotocols = []string{"echo-protocol", "chat", "echo"}
	} else {
		o.Subprotocols = slices.Clone(o.Subprotocols)
	}
	o.OriginPatterns = slices.Clone(o.OriginPatterns)
	if o.ReadLimit == 0 {
		o.ReadLimit = 64 << 20
	}
	if o.MemoryBudget == 0 {
		o.MemoryBudget = 128 << 20
	}
	o.MemoryBudget = max(o.MemoryBudget, echoChunk)
	if o.MessageTimeout <= 0 {
		o.MessageTimeout = time.Minute
	}
	if o.MaxConns == 0 {
		o.MaxConns = 1000
	}
	if o.HandshakeTimeout == 0 {
		o.HandshakeTimeout = 10 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}
