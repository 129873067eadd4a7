// Package sdk is one WebSocket connection with the semantics of the browser's
// WebSocket (the WHATWG standard), on two targets from one code base:
//
//   - compiled to WebAssembly (GOOS=js GOARCH=wasm), it wraps the browser's own
//     WebSocket object, reached through github.com/hack-pad/safejs;
//   - natively, it runs on github.com/coder/websocket.
//
// The same behaviour suite runs on both, so code written against a [Conn]
// behaves the same in a CLI, a server-side test and a web page.
//
// # Connecting
//
// [New] starts connecting and returns at once, as the JavaScript constructor
// does; [Dial] also waits until the connection is Open. Invalid input is
// reported at once with an error that matches a sentinel: [ErrSyntax] (URL,
// subprotocols), [ErrInvalidOptions], [ErrUnsupported]. A connection that
// fails later (refused, rejected handshake, no subprotocol selected when some
// were offered) ends Closed with [CloseError] code 1006, as in browsers.
//
// # States
//
// A connection moves Connecting → Open → Closing → Closed ([ReadyState]),
// never backwards. [Conn.Opened] and [Conn.Done] are closed on Open and on
// Closed. Messages received while Open wait for [Conn.Receive]; after Close is
// called, further received messages are dropped, as in the browser, but those
// already received are still returned.
//
// # Sending and backpressure
//
// [Conn.Send] copies the message into the transport's queue and returns;
// [Conn.BufferedAmount] is the bytes accepted and not yet written to the
// socket, with the same meaning on both targets (natively the SDK keeps its own
// queue and writer goroutine for that). Once BufferedAmount rises above
// [Options.HighWaterMark], Send waits until it falls to [Options.LowWaterMark]
// or its context ends. An error from Send always means the message was not
// accepted. [Conn.Flush] waits until everything accepted has been written.
//
// # Receiving
//
// Received messages are held, up to [Options.ReceiveBuffer] bytes, until
// Receive takes them. Natively a full buffer stops reading from the socket, so
// TCP pushes back on the server. A message larger than [Options.ReadLimit]
// closes the connection.
//
// # Closing
//
// [Conn.Close] takes the codes the browser allows (1000, 3000-4999, or 0 for
// none) and a reason of at most 123 bytes; it performs the closing handshake
// and waits at most [Options.CloseTimeout].
//
// Close codes the SDK itself sends, on both targets (browsers reject 1001,
// 1008, 1009 and 1011 from page code, so the SDK uses 4000 plus the RFC code
// instead):
//
//	code  when                                                       Receive reports
//	1000  Close(StatusNormalClosure, ...), Dial's ctx ending           ErrClosed
//	4008  browser: unread messages exceed Options.ReceiveBuffer       ErrReceiveOverflow
//	4009  a received message exceeds Options.ReadLimit               ErrMessageTooBig
//
// Natively a received Text message that is not valid UTF-8 fails the
// connection without a close frame (code 1006 locally), as the browser fails
// it.
//
// # A peer that breaks the protocol
//
// The native transport refuses what a browser refuses, checking the bytes
// itself where coder/websocket is laxer: a masked frame from the server,
// RSV bits or an unknown opcode, a fragmented or long control frame, a close
// frame of one byte, with code 1005, 1006 or 1015, or with a reason that is
// not UTF-8 (also when it answers our Close), and a 101 answer with a wrong
// Sec-WebSocket-Accept, no Upgrade or Connection header, or a subprotocol or
// extension that was not offered (at once, even if the server keeps the TCP
// connection open). Each fails the connection without a closing handshake:
// code 1006, not clean, with a cause matching [ErrProtocol]. A message of
// more than [MaxEmptyFragments] empty frames counts as over ReadLimit. Over
// ReadLimit, the native transport sends its 4009 close frame and reads
// nothing more. A TCP connection that ends inside a frame, or before the
// final frame of a fragmented message, never delivers the part received: the
// connection fails, 1006 not clean, with a cause matching
// [io.ErrUnexpectedEOF] (a browser drops the part and reports only the
// 1006). These checks see the bytes of ws and direct wss
// connections; through an HTTP proxy, a wss connection's bytes are
// decrypted inside net/http, and only coder/websocket's own checks apply.
//
// # Errors
//
// Where the WHATWG API throws a DOMException, the Go API returns an error
// matching the sentinel of the same name: [ErrSyntax] (SyntaxError),
// [ErrInvalidAccess] (InvalidAccessError), [ErrInvalidState]
// (InvalidStateError). Operations on a closed connection return errors
// matching [ErrClosed], and so [net.ErrClosed] (natively ErrClosed is
// net.ErrClosed); how it closed is in the [CloseError], read with [errors.As].
//
// # Examples
//
// The examples (in example_test.go; "go doc -http" and pkg.go.dev show them,
// go doc in a terminal does not) cover a whole exchange (the package example), reading
// until the close ([Conn.Receive]) and validation ([ValidateClose],
// [ParseURL]). A complete web page in Go, with its index.html and the
// wasm_exec.js step, is in the repository's examples/wasm-page.
//
// # WebAssembly
//
// Differences in the browser, all imposed by the browser's WebSocket:
//
//   - URLs are parsed by the browser, and relative URLs resolve against the
//     page's base URL; natively a relative URL is ErrSyntax.
//   - [Options.Header] is ErrUnsupported: pages cannot set handshake headers.
//   - [Options.InsecureSkipVerify], [Options.RootCAs],
//     [Options.ClientCertificate] and [Options.ClientKey] are ErrUnsupported:
//     the browser decides which certificates to trust and to present.
//   - [Conn.Ping] is ErrUnsupported: pages cannot send pings.
//   - The browser cannot stop reading: a full receive buffer closes the
//     connection with [StatusReceiveOverflow] (4008) instead of pushing back.
//   - The browser has no event for BufferedAmount falling; a waiting Send or
//     Flush reads it again at each message received and at least every
//     [BufferedPollInterval] (4 ms), and only while some sender waits.
//   - Extensions reports what the browser negotiated (Chromium offers
//     permessage-deflate; the native transport offers no compression).
//
// Browser engines (Chromium, Firefox, WebKit: the suites run in all three;
// docs/ENGINES.md has the measured differences). Where an engine departs
// from the WHATWG standard the SDK makes it behave as the standard says,
// detecting the behaviour rather than the engine:
//
//   - Protocols offered and none selected: Firefox and WebKit open such a
//     connection; the SDK fails it as the standard (and Chromium) does:
//     Closed with 1006, not clean, and Dial's error says why.
//   - URLs: the SDK resolves a URL against the page's base URL itself, so
//     "" is the page's own URL everywhere (Firefox's constructor refuses it).
//   - Once Closed, BufferedAmount keeps the value it had when the SDK
//     reported the connection Closed (WebKit lets it fall to 0 later; every
//     engine may still send after the SDK stopped waiting for a closing
//     handshake).
//   - A connection the browser failed (an error event came before the close
//     event) is Closed with 1006, not clean, as the standard says. WebKit
//     reports the code of the close frame it refused instead (a peer
//     answering our close frame with code 1005 gives 1005, not clean).
//
// What the SDK cannot normalise, on WebKit (Safari's engine):
//
//   - BufferedAmount counts only the bytes the page's WebSocket has not yet
//     passed to WebKit's network process, which takes everything within
//     about 0.1 s whatever the peer reads (measured: 24 MiB sent to a peer
//     that reads nothing, bufferedAmount 0 after 300 ms; 256 MiB accepted
//     without Send ever waiting). So HighWaterMark bounds only the page's
//     own buffer: Send never waits for a stalled peer, Flush returns once the
//     network process has the bytes, and a connection that ends has
//     BufferedAmount 0. Memory then grows in the network process; an
//     application that must bound what it has in flight needs acknowledgements
//     from its peer (send at most N messages ahead of the last reply).
//   - The server's close codes 1012 and 1013 (measured; 1014 is likely the
//     same) fail the connection: the application sees 1006, not clean.
//
// And on Firefox, with a server that breaks the protocol: a masked frame's
// message is delivered, and a close frame with the reserved code 1005 or a
// one-byte body is reported as a close without a code (1005), where the
// other engines and the native transport fail the connection (1006). The
// page sees only events that look like those of sound frames. A close frame
// whose reason is not UTF-8, arriving with the handshake's response, makes
// Firefox fail the connection before it opens: Dial fails with 1006, not
// clean, where the other targets open and then fail it (1006).
//
// Binary sends are copied into one reused JavaScript Uint8Array per
// connection; received bytes are copied into Go memory once; the four event
// callbacks are created once per connection and released when it closes.
//
// The API is the same on both targets. The wasm module behind web/wasmws.js,
// whose JavaScript classes read messages in JavaScript, reaches a
// connection's browser WebSocket through an internal seam
// (internal/jsbridge), not through this package's API.
package sdk
