package sdk

import "time"

// Default values of [Options] fields left zero.
const (
	DefaultReadLimit     = 32 << 20 // 32 MiB
	DefaultHighWaterMark = 1 << 20  // 1 MiB
	DefaultReceiveBuffer = 16 << 20 // 16 MiB
	DefaultCloseTimeout  = 5 * time.Second
)

// Options configures a connection. A nil *Options, and every zero field, means
// the default. New and Dial copy the options; the caller's struct is never
// changed and may be reused.
type Options struct {
	// Protocols lists the subprotocols offered to the server, in order of
	// preference. Each must be an HTTP token and appear once, or New fails with
	// ErrSyntax. If any are offered and the server selects none, the connection
	// fails (CloseError 1006), as in browsers.
	Protocols []string

	// Header holds extra HTTP headers for the opening handshake. An
	// [net/http.Header] can be assigned to it directly.
	//
	// # WebAssembly
	//
	// Page code cannot set handshake headers; a non-empty Header makes New
	// fail with ErrUnsupported in the browser.
	Header map[string][]string

	// InsecureSkipVerify, for wss URLs, accepts any certificate the server
	// presents: for development against self-signed certificates only. For a
	// private CA, set RootCAs instead.
	//
	// # WebAssembly
	//
	// The browser decides what certificates to trust; true makes New fail
	// with ErrUnsupported in the browser.
	InsecureSkipVerify bool

	// RootCAs, for wss URLs, holds PEM "CERTIFICATE" blocks: the
	// certificate authorities to verify the server's certificate against,
	// in place of the system's. Empty means the system's. It must hold at
	// least one certificate and every CERTIFICATE block must parse, or New
	// fails with ErrInvalidOptions; text around the blocks is ignored.
	//
	// # WebAssembly
	//
	// The browser decides what certificates to trust; a non-empty RootCAs
	// makes New fail with ErrUnsupported in the browser.
	RootCAs []byte

	// ClientCertificate and ClientKey, for wss URLs, are the PEM certificate
	// chain (leaf first) and private key the client presents when the server
	// asks for one (mutual TLS). Both or neither must be set, and they must
	// be a matching pair, or New fails with ErrInvalidOptions. Empty means
	// no client certificate.
	//
	// # WebAssembly
	//
	// The browser chooses client certificates itself (from the user's
	// store); either field non-empty makes New fail with ErrUnsupported in
	// the browser.
	ClientCertificate []byte

	// ClientKey is the PEM private key of ClientCertificate; see there.
	ClientKey []byte

	// ReadLimit is the size in bytes of the largest message accepted. A larger
	// message closes the connection with StatusReadLimit (4009) and Receive
	// reports ErrMessageTooBig. A message of more than [MaxEmptyFragments]
	// empty frames counts as larger. Defaults to 32 MiB.
	//
	// Natively the connection then reads nothing more: the close frame is
	// sent and the connection dropped without waiting for the peer's answer
	// (which would come after the rest of the oversized message), so
	// CloseStatus reports StatusAbnormalClosure, not clean.
	//
	// # WebAssembly
	//
	// The browser cannot stop reading: it receives the rest of the message
	// and waits for the peer's answer, so CloseStatus reports the peer's
	// close frame (usually 4009, clean). MaxEmptyFragments is not enforced.
	ReadLimit int64

	// HighWaterMark is the BufferedAmount, in bytes, above which Send waits
	// before accepting another message. Defaults to 1 MiB.
	//
	// A message larger than HighWaterMark leaves BufferedAmount above it,
	// so the next Send waits until the buffer is down to LowWaterMark: at
	// most one such message is buffered at a time. An application that
	// sends messages of about HighWaterMark or more sets it to a few of
	// them.
	//
	// # WebAssembly
	//
	// A waiting Send re-reads bufferedAmount every [BufferedPollInterval]
	// (4 ms) or when a message arrives, so messages above HighWaterMark
	// leave the link idle for part of each wait: measured in Firefox with
	// ReconnectingWebSocket at 1,049,000 B, 0.57–0.61× plain JavaScript's
	// throughput with the default, 0.73–0.74× with 8 MiB (bench/README.md).
	HighWaterMark int64

	// LowWaterMark is the BufferedAmount a waiting Send waits for. It must not
	// exceed HighWaterMark. Defaults to HighWaterMark/4.
	LowWaterMark int64

	// ReceiveBuffer bounds the bytes of received messages not yet returned by
	// Receive. Each message counts at least [MessageOverhead] bytes, so a flood
	// of empty messages is bounded too; a single message larger than the whole
	// buffer is still accepted when the buffer is empty. What happens when it
	// is full depends on the target (see [Conn.Receive]). Defaults to 16 MiB.
	ReceiveBuffer int64

	// CloseTimeout bounds how long Close waits for the closing handshake;
	// after it the connection is dropped and CloseStatus reports
	// StatusAbnormalClosure. Defaults to 5s.
	CloseTimeout time.Duration
}

// MessageOverhead is the least number of bytes a message counts for in
// receive and send accounting limits, so that empty messages are bounded too.
const MessageOverhead = 64

// Validate reports whether New would accept these options: nil, or an error
// matching ErrInvalidOptions (natively, this includes PEM fields that do not
// parse) or ErrSyntax (an invalid subprotocol). Header, InsecureSkipVerify
// and the PEM fields are checked against the target by New only: in the
// browser New rejects them with ErrUnsupported.
func (o *Options) Validate() error {
	_, err := o.withDefaults()
	return err
}

// WithDefaults returns a copy of o (which may be nil) with every zero field
// set to its default, as New uses it, or the error Validate reports. Code
// that shows the limits in effect (the water marks, say) reads them here
// rather than repeating the defaults.
func (o *Options) WithDefaults() (Options, error) { return o.withDefaults() }

// withDefaults returns a copy of o (which may be nil) with defaults filled in,
// or an error matching ErrInvalidOptions or ErrSyntax.
func (o *Options) withDefaults() (Options, error) {
	var c Options
	if o != nil {
		c = *o
		c.Protocols = append([]string(nil), o.Protocols...)
		c.RootCAs = cloneBytes(o.RootCAs)
		c.ClientCertificate = cloneBytes(o.ClientCertificate)
		c.ClientKey = cloneBytes(o.ClientKey)
	}
	switch {
	case c.ReadLimit < 0:
		return c, wrapErr(ErrInvalidOptions, "negative ReadLimit")
	case c.HighWaterMark < 0:
		return c, wrapErr(ErrInvalidOptions, "negative HighWaterMark")
	case c.LowWaterMark < 0:
		return c, wrapErr(ErrInvalidOptions, "negative LowWaterMark")
	case c.ReceiveBuffer < 0:
		return c, wrapErr(ErrInvalidOptions, "negative ReceiveBuffer")
	case c.CloseTimeout < 0:
		return c, wrapErr(ErrInvalidOptions, "negative CloseTimeout")
	}
	if c.CloseTimeout == 0 {
		c.CloseTimeout = DefaultCloseTimeout
	}
	if c.ReadLimit == 0 {
		c.ReadLimit = DefaultReadLimit
	}
	if c.HighWaterMark == 0 {
		c.HighWaterMark = DefaultHighWaterMark
	}
	if c.LowWaterMark == 0 {
		c.LowWaterMark = c.HighWaterMark / 4
	}
	if c.LowWaterMark > c.HighWaterMark {
		return c, wrapErr(ErrInvalidOptions, "LowWaterMark above HighWaterMark")
	}
	if c.ReceiveBuffer == 0 {
		c.ReceiveBuffer = DefaultReceiveBuffer
	}
	if err := ValidateProtocols(c.Protocols); err != nil {
		return c, err
	}
	if err := checkTLS(&c); err != nil {
		return c, err
	}
	return c, nil
}

// cloneBytes returns a copy of p, nil when p is empty, so that the caller
// may change p after New.
func cloneBytes(p []byte) []byte {
	if len(p) == 0 {
		return nil
	}
	return append([]byte(nil), p...)
}
