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
//   - /metrics: the live numbers, described below.
//   - everything else: the files under [Options.WebDir] (404 if it is empty).
//     Dotfiles and directories without an index.html are 404 (no listings).
//     Responses carry Cache-Control: no-cache and an ETag (a rebuilt wasm
//     module is always loaded, an unchanged one costs a 304), and .wasm files
//     are application/wasm. Where make left precompressed variants beside a
//     file (name.br, name.gz), a client that accepts br or gzip gets one,
//     with Content-Encoding and Vary: Accept-Encoding; a variant whose
//     modification time is not its file's (make stamps it so) is never served.
//
// # Echo
//
// /echo sends every message back, in order, with its own type: text stays
// text, binary stays binary, empty messages too. Compression is never
// negotiated. A message of up to 32 KiB is echoed as one frame; a longer one
// is streamed back in fragments of 32 KiB as it arrives, so the server never
// holds a whole message. Text that is not valid UTF-8 closes the connection
// with 1007 (invalid frame payload data) before any invalid byte is echoed.
// Of the subprotocols the client offers, the first, in the client's order,
// that is in [Options.Subprotocols] (by default "echo-protocol", "chat" and
// "echo") is selected; if none is, none is selected.
//
// A client that offers the subprotocol wasmws.resume.v1 gets it selected
// (unless the protocol parameter says otherwise) and its session echoes
// every message exactly once across reconnections (package resume; the
// faults below then act on each connection, see resume.go). In resume mode
// only: expire=N makes the session expire at once after echoing N messages,
// so that the client's next resume is answered as not resumed; cut=N writes
// half of the (N+1)th echo's frame (or of the first echo after the client
// confirmed WELCOME, if that comes later: a resumed connection always
// opens), then cuts the TCP connection; stall=N
// stops reading and writing after N messages read, for 50ms, then cuts;
// forge=1 reads the token of the connection's HELLO with its last byte
// changed, so that its resume is refused (WELCOME status 3), and
// refuse=close serves the connection by a resume server that refuses with
// a close 4401 instead (resume.Options.RefuseWithClose; its sessions are
// its own, so give it on every connection of a session).
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
//   - raw=HEX, rawclose=HEX, badaccept=1: play a hostile server, for tests
//     of what a client refuses, without coder/websocket. The handshake is
//     answered with a 101 (with a wrong Sec-WebSocket-Accept for
//     badaccept=1), followed at once by the raw bytes (hexadecimal, at most
//     4096 bytes, sent as they are: say, raw=880403e8fffe, a close frame
//     whose reason is not UTF-8). Nothing is echoed. The client's close frame is
//     answered with the rawclose bytes (by default, with the client's own
//     close payload), then the server closes the TCP connection; it holds
//     a connection at most a minute. They combine with reject, hang, resume
//     and protocol only.
//
// The order on a connection is: the reject, hang and resume parameters act
// before the handshake is answered; after it, push, then (before reading
// anything) close or drop with N=0, then pause, then echo.
//
// # Limits
//
// Every resource a client can make the server spend is bounded. "Bytes
// held" is message data in the server's own buffers. Beside it,
// coder/websocket and net/http cost a fixed amount per open connection
// (buffers, and the stacks of its goroutines): about 35 KiB per idle
// connection (15 KiB heap, 20 KiB stacks), as TestIdleConnectionCost
// measures, bounded by MaxConns. With the defaults the server's memory is
// therefore bounded by about 128 MiB + 1000 x 35 KiB, about 162 MiB, however
// its clients behave, plus, in resume mode, what the sessions hold between
// connections: their replay buffers, bounded by the session store (package
// resume), and the messages each has received and not yet echoed, bounded by
// the credit it grants (1 MiB, plus one message), and, while a resume-mode
// connection's writer sends a run of ready frames in one write, up to 32 KiB
// of them (a pooled buffer, given back once the run is written).
//
//	limit            per connection                  in total          set by                   when exceeded                test
//	---------------  ------------------------------  ----------------  -----------------------  ---------------------------  ----------------------------
//	bytes held       32 KiB while a message is       MemoryBudget      Options.MemoryBudget     a message waits for room     TestMemoryBudget
//	                 echoed; size+256 bytes for a    (128 MiB)                                  (TCP pushes back); a push    TestPushOverBudget
//	                 push, until it is sent; in                                                 that does not fit: 503; a    TestUnfinishedMessagesMemory
//	                 resume mode, up to twice a                                                 resume-mode message that     TestResumeReadsWithinBudget
//	                 message while it is read                                                   outgrows the room: close
//	                                                                                            1013
//	message size     ReadLimit (64 MiB)              -                 Options.ReadLimit        close 1009                   TestReadLimit
//	connections      -                               MaxConns (1000)   Options.MaxConns         handshake refused: 503       TestMaxConns
//	handshake time   HandshakeTimeout (10 s) to      -                 Options.HandshakeTimeout connection closed            TestHandshakeTimeout
//	                 send the request headers                          (via HTTPServer)
//	message          MessageTimeout (1 min) from a   -                 Options.MessageTimeout   close 1008                   TestMessageTimeout
//	assembly time    message's first frame to its
//	                 last
//	paused time      1 min (pause=KEY)               -                 fixed                    close 1001                   TestPauseLimit
//	text             valid UTF-8                     -                 fixed                    close 1007                   TestInvalidUTF8
//	fault            delay, hang <= 1 min; push <=   -                 fixed                    handshake refused: 400       TestParseFaults
//	parameters       1,000,000 messages of <= 64 MiB
//
// A WebSocket handshake is also refused with 403 if its Origin is not
// allowed (see [Options.OriginPatterns]: requests without an Origin,
// same-host origins and loopback origins are always allowed), and with 503
// once Shutdown was called. Time between messages is not bounded: an idle
// WebSocket may stay open as long as its client likes.
//
// # Metrics
//
// /metrics serves the live numbers in the Prometheus text exposition format
// (version 0.0.4), which Prometheus and most monitoring agents scrape as it
// is; it needs no dependency and, unlike expvar, no process-wide registry
// (several Servers may live in one process) and exposes neither the command
// line nor memory statistics. The series:
//
//   - wasmws_connections, wasmws_max_connections: WebSocket connections open
//     (counting handshakes being answered) and the bound (-1: none).
//   - wasmws_memory_held_bytes, wasmws_memory_held_peak_bytes,
//     wasmws_memory_budget_bytes: bytes held against MemoryBudget, the most
//     held at once since the server started, and the budget.
//   - wasmws_goroutines: goroutines in the process.
//   - wasmws_connections_accepted_total: WebSocket connections accepted,
//     counted as the 101 answer is written, before a client can see it.
//   - wasmws_rejects_total{reason}: handshakes refused, by reason: bad_query
//     (400), origin (403), shutdown, max_conns, memory (503), asked
//     (reject=STATUS), upgrade (not a valid WebSocket handshake). A client
//     cut off by HandshakeTimeout never reaches the handler and is not
//     counted.
//   - wasmws_closes_total{reason}: connections the server closed because a
//     limit was broken: message_timeout (1008), invalid_utf8 (1007), memory
//     (1013: a resume-mode message outgrew the room in MemoryBudget).
//
// # Shutdown
//
// [Server.Shutdown] closes every WebSocket connection with a close handshake,
// status 1001 (going away), refuses new ones, and waits for them to end.
// WebSocket connections are hijacked from the [http.Server], so its own
// Shutdown does not wait for them: call [Server.Shutdown] first.
//
// # Examples
//
// In example_test.go ("go doc -http" and pkg.go.dev show them): the server in
// a test (the package example), fault injection (Example_faultInjection), and a
// standalone server with a graceful shutdown ([Server.HTTPServer]).
package server
