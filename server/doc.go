// Package server is the bundled echo and test server of wasmws: a WebSocket
// echo endpoint whose query string injects faults, a health check, and the
// static files of the demo. The SDK's tests run against it on both targets
// (natively and compiled to wasm in a browser), and `wasmws serve` runs it.
//
// The package builds only natively (not with GOOS=js).
//
//	s := server.New(server.Options{WebDir: "web"})
//	srv := s.HTTPServer("127.0.0.1:9998")
//	go srv.ListenAndServe()
//	...
//	s.Shutdown(ctx)   // WebSockets: close with 1001 and wait
//	srv.Shutdown(ctx) // then plain HTTP
//
// # Routes
//
//   - /echo: the WebSocket echo endpoint, described below.
//   - /healthz: 200 with the body "ok\n".
//   - everything else: the files under [Options.WebDir] (404 if it is empty).
//     Dotfiles and directories without an index.html are 404 (no listings).
//     Responses carry Cache-Control: no-cache and an ETag (a rebuilt wasm
//     module is always loaded, an unchanged one costs a 304), and .wasm files
//     are application/wasm. Where make left precompressed variants beside a
//     file (name.br, name.gz), a client that accepts br or gzip gets one,
//     with Content-Encoding and Vary: Accept-Encoding; a variant older than
//     its file is never served.
//
// # Echo
//
// /echo sends every message back, in order, with its own type: text stays
// text, binary stays binary, empty messages too. Compression is never
// negotiated. Of the subprotocols the client offers, the first, in the
// client's order, that is in [Options.Subprotocols] (by default
// "echo-protocol", "chat" and "echo") is selected; if none is, none is selected.
//
// # Fault injection
//
// Query parameters on /echo change its behaviour, for tests. All combine. Each
// may be given at most once. A malformed or out-of-range value refuses the
// handshake with 400 and a one-line explanation, before any upgrade. Other
// parameters are ignored, so a test may add its own (say, a tag to tell its
// connections apart in logs). Counts are decimal; durations use
// [time.ParseDuration] syntax ("250ms", "2s") and are at most one minute.
//
//   - close=CODE&reason=TEXT&after=N: after echoing N messages (by default 0:
//     right after open), start a clean close handshake with CODE and TEXT.
//     CODE is any code a server may send: 1000-1003, 1007-1014 or 3000-4999.
//     TEXT is valid UTF-8 of at most 123 bytes, by default empty. reason and
//     after need close.
//   - drop=N: after echoing N messages (0: right after open), cut the TCP
//     connection without a close frame (a browser reports close code 1006).
//     If close and drop are both due at once, drop wins.
//   - delay=DURATION: wait this long before sending each echo. Messages stay
//     in order.
//   - pause=KEY: read nothing from the connection until a connection with
//     resume=KEY opens, so that TCP pushes back and the client's
//     bufferedAmount grows. KEY is any non-empty string; use a unique one per
//     test. Messages already pushed are sent first. A connection paused for
//     more than a minute is closed with 1001, since a server that does not
//     read cannot see its client leave.
//   - resume=KEY: before this connection opens, resume every connection then
//     paused with KEY (later pauses with KEY wait for a later resume). This
//     connection is then a normal echo. Tests on both targets can only speak
//     WebSocket, hence a connection rather than an HTTP call. A connection may
//     carry both, resuming one key and pausing on another.
//   - push=N&size=BYTES&pushtype=TYPE: right after open, before echoing
//     anything, send N messages of BYTES bytes each (size by default 0: empty
//     messages; at most 64 MiB). With pushtype=binary, the default, byte j of
//     message i (both from 0) is byte(i+j). With pushtype=text, it is the
//     ASCII letter 'a' + (i+j)%26. size and pushtype need push.
//   - reject=STATUS: refuse the handshake with HTTP status STATUS (400-599)
//     and no upgrade.
//   - hang=DURATION: answer nothing for DURATION, then go on with the
//     handshake; if the client gives up first, nothing is answered. For tests
//     of a client's connect timeout.
//   - protocol=NAME: select exactly NAME as the subprotocol, whether or not
//     the client offered it (to test clients that must reject a protocol they
//     did not offer). protocol= (present but empty) selects none, even when a
//     known one was offered. NAME must be an HTTP token.
//
// The order on a connection is: the reject, hang and resume parameters act
// before the handshake is answered; after it, push, then (before reading
// anything) close or drop with N=0, then pause, then echo.
//
// # Limits
//
// A WebSocket handshake is refused with 403 if its Origin is not allowed (see
// [Options.OriginPatterns]: requests without an Origin, same-host origins and
// loopback origins are always allowed); with 503 when [Options.MaxConns]
// connections are open or Shutdown was called. A message larger than
// [Options.ReadLimit] closes the connection with 1009 (message too big).
// [Options.HandshakeTimeout] bounds how long a client may take to send its
// request headers.
//
// # Shutdown
//
// [Server.Shutdown] closes every WebSocket connection with a close handshake,
// status 1001 (going away), refuses new ones, and waits for them to end.
// WebSocket connections are hijacked from the [http.Server], so its own
// Shutdown does not wait for them: call [Server.Shutdown] first.
package server
