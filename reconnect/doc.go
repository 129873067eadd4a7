// Package reconnect is a WebSocket client that survives its network: a
// [Client] keeps one logical connection over a series of [sdk.Conn]s,
// reconnecting with backoff, with a bounded outbox that survives
// reconnections, safe replay of messages that never left, heartbeats, and an
// event for every state change. It builds for both targets: natively and, as
// GOOS=js GOARCH=wasm, in the browser.
//
//	c, err := reconnect.Dial(ctx, "wss://example.com/feed", &reconnect.Options{
//		HeartbeatInterval: 15 * time.Second,
//		OnStateChange:     func(ev reconnect.StateChange) { log.Print(ev.From, " → ", ev.To, " ", ev.Cause) },
//	})
//	...
//	err = c.SendText(ctx, "hello")         // queued; sent when (re)connected
//	typ, p, err := c.Receive(ctx)          // from whichever connection
//	c.Close(sdk.StatusNormalClosure, "")   // stops reconnecting
//
// # States
//
// A Client starts Connecting (attempt 1) as soon as [New] returns. An attempt
// that opens makes it Open; one that fails makes it Waiting for the backoff
// delay, then Connecting again. When an open connection closes the Client
// settles its messages (below) and, unless [Options.ShouldReconnect] says no,
// waits and reconnects. [Client.Close] makes it Closing, then Closed; giving up
// after [Options.MaxRetries] failed attempts makes it Closed with an error
// matching [ErrMaxRetries]. [Options.OnStateChange] receives every transition
// after New with the attempt number, the next delay, the URL and the cause of
// the attempt and, for a connection that ended, its replayed and maybe-lost
// counts. [Client.Done] is closed once OnStateChange has returned from the
// last change, to Closed; [Client.Close] returns without waiting for that
// call, so wait for Done before a program ends if it must see it.
//
// A Closed Client can be connected again with [Client.Start], and one made
// with [Options.StartClosed] waits for Start before its first attempt; with
// [Options.QueueWhileClosed] its outbox keeps and accepts messages meanwhile.
// This is how JavaScript's ReconnectingWebSocket runs close(), reconnect()
// and startClosed.
//
// An attempt fails when it does not open within [Options.ConnectTimeout] (URL
// provider included), or when its connection closes before it has been open
// [Options.MinUptime]. A connection open for MinUptime is a success: the count
// of consecutive failures resets. Failed attempts are always retried (up to
// MaxRetries); ShouldReconnect is asked only about connections that were
// open, and never after the Client's own Close. [DefaultShouldReconnect]
// reconnects after 1001, 1005, 1006, 1011-1015 and application codes, not
// after 1000 from the server nor after codes that say this client is at fault
// (1002, 1003, 1007-1010, and the SDK's own 4008 and 4009).
//
// # Backoff
//
// After n consecutive failed attempts (n ≥ 1; after a success that ended, n
// counts as 1) the Client waits a delay drawn uniformly from
//
//	[max(MinDelay, c·(1−Jitter)), c]   where   c = min(MaxDelay, MinDelay·Factor^(n−1))
//
// so a delay is never below MinDelay nor above MaxDelay. With Jitter 0
// ([NoJitter]) it is exactly c; with the default Jitter 1 it is uniform in
// [MinDelay, c]. The first attempt after New is immediate, and so is the
// attempt after [Client.Reconnect]. With the defaults (MinDelay 500ms, Factor
// 2, MaxDelay 30s) the ceilings are 0.5s, 1s, 2s, 4s, 8s, 16s, then 30s. The
// first retry after a drop waits exactly MinDelay whatever the jitter (its
// range is empty); retries spread from the second on.
//
// # Outbox and backpressure
//
// [Client.Send] queues the message in the outbox, bounded by
// [Options.MaxQueuedMessages] and [Options.MaxQueuedBytes], and returns. When
// the outbox is full Send waits, in turn, until there is room or its ctx ends;
// an error always means the message was not queued. While a connection is
// Open one goroutine hands outbox messages, head first, to the connection's
// Send, so the connection's water marks (sdk.Options.HighWaterMark) throttle
// it: a slow link fills the outbox and then makes Send wait. Backpressure
// runs end to end, and order is kept across reconnections: messages put back
// for replay go to the head, before anything newer. Replayed messages may
// take the outbox past its bounds for a while; they are never dropped.
//
// # Delivery guarantee
//
// For each connection the Client records every message it hands over, and
// the number of bytes handed. A connection's BufferedAmount counts the bytes
// handed that have not left the client; it does not fall once the connection
// is closed. So, when a connection ends, with T bytes still buffered:
//
//   - Replayed: messages wholly inside that final tail of T bytes provably
//     never left. They go back to the head of the outbox, in order, are sent
//     first on the next connection, and are counted in
//     [StateChange.Replayed] and [Stats.Replayed].
//   - Confirmed: messages the peer provably read. There are three
//     confirmation points: (a) natively, when a heartbeat's protocol ping is
//     answered, every message that had left before the ping was written was
//     read by the peer's WebSocket layer (frames are read in order); (b) with
//     a heartbeat message, its echo proves the same for every message handed
//     before it, assuming the peer echoes in order, as an echo server does;
//     (c) when a closing handshake the Client started (Close, Reconnect)
//     completes, every message was read.
//   - Maybe lost: every other message handed to the connection, which left
//     after its last confirmation point (or was cut mid-way, straddling the
//     tail). The peer may or may not have processed it, and the client cannot
//     know: it is counted in [StateChange.MaybeLost] and [Stats.MaybeLost],
//     and never resent.
//   - Never duplicated: a message is either replayed (it provably never left)
//     or confirmed or reported maybe lost, never two of them, and the Client
//     never hands one message to two connections unless it was replayed.
//
// Without heartbeats there is no confirmation point before the end, so when a
// connection dies every message that left on it is reported maybe lost: use
// a heartbeat to keep that window short, and make the application protocol
// idempotent or acknowledged where a loss matters. "Read" means read by the
// peer's WebSocket layer; whether its application acted on a message is
// beyond what a client can see. A simultaneous close (the peer starting its
// own closing handshake at the same moment) is taken for a completed one.
//
// Messages still in the outbox when the Client closes are reported in the
// last StateChange as Unsent. Natively a message whose frame was cut part-way
// by the failure still counts whole in BufferedAmount (the writer subtracts a
// message only once it was written whole), so it is replayed: no conforming
// peer delivers a partial frame, but a peer that streams message bodies may
// have seen its beginning.
//
// # Resume mode
//
// With [Options.Resume] the Client offers the subprotocol wasmws.resume.v1
// (resume/PROTOCOL.md; package resume is its server side) before the
// application's own, which are then negotiated inside the protocol. On a
// connection whose server selects it ([StateChange.Mode] is ModeResume),
// the Client and the server keep one session across connections:
//
//   - Exactly once, in order, both ways: every message sent stays in the
//     Client's replay buffer until the server acknowledges it, and is sent
//     again after a resume (at a pace: 64 KiB in flight at first, widened
//     by each acknowledgement, so that a connection that fails again soon
//     costs that much, not the whole window); duplicates are dropped by
//     sequence number. No
//     message is replayed or reported maybe lost by the rules above: settle
//     does not apply.
//   - Backpressure on every engine: Send hands a message to the session only
//     within the server's credit and while the unacknowledged bytes are
//     below [Options.ResumeWindow]; past that the outbox fills and Send
//     waits. It does not depend on bufferedAmount (which WebKit zeroes).
//   - Receive-side flow control: the Client grants the server credit as
//     Receive returns messages, ResumeWindow bytes ahead, so the browser's
//     receive buffer cannot overflow (no 4008) with a cooperating server.
//   - The not-resumed event: when the server no longer has the session
//     (expired, restarted, the token refused), the open event's
//     [StateChange.Resume] says NotResumed with what it cost: the server's
//     messages that will never arrive (Missed, when the server still knows),
//     and the unacknowledged messages either sent again (Resent: the server
//     proved it never took them, or they were never written) or reported
//     MaybeLost. Never a silent gap. A server that refuses the token by
//     closing with 4401 instead (resume.Options.RefuseWithClose) fails
//     that attempt with [ErrResumeRefused]: the Client drops the session
//     and attempts again at once, as a new session, spending no retry.
//   - Close sends BYE, which ends the session; Reconnect and failures keep it
//     resumable. [Stats] counts Resumed, NotResumed, Retransmitted, Acked,
//     Unacked and Missed.
//
// A server that selects another protocol gets a plain connection with safe
// replay; one that selects none fails the handshake if the application
// offers protocols of its own (the WHATWG rule). In resume mode a heartbeat
// message travels as a session message (the server must echo it); a
// protocol ping (natively) is unaffected.
//
// # Heartbeat
//
// With [Options.HeartbeatInterval] set, every interval the Client sends a
// protocol ping (natively, when [Options.HeartbeatMessage] is nil) or the
// heartbeat message. When nothing comes in (a message, a pong, an echo) for
// [Options.HeartbeatTimeout], default twice the interval, the link is declared
// dead: the Client drops it at once ([sdk.Conn.CloseNow]: no handshake can
// complete on a dead link) and reconnects; the cause matches
// [ErrHeartbeatTimeout]. Time
// spent waiting for the application to call Receive does not count as
// silence. A received message equal to the heartbeat message (same type, same
// bytes) is taken as its echo and not returned by Receive; Send refuses to
// send that message, so the echo of an application message is never mistaken
// for it.
//
// # Receiving
//
// One forwarder per connection moves its messages into the Client's inbox,
// which holds at most a few hundred KiB; when it is full the forwarder waits,
// and the connection's own receive buffer applies ([sdk.Conn.Receive]).
// [Client.Receive] returns the messages of every connection in arrival order,
// those of a closed connection before those of the next, and an error only
// once the Client is Closed and every message has been read.
//
// # Defaults
//
// MinDelay 500ms, MaxDelay 30s, Factor 2, Jitter 1, MinUptime 5s,
// ConnectTimeout 10s, MaxRetries 0 (never give up), MaxQueuedMessages 1024,
// MaxQueuedBytes 8 MiB, no heartbeat (HeartbeatTimeout 2×HeartbeatInterval when
// it is on), ShouldReconnect [DefaultShouldReconnect]; the connection options
// are those of [sdk.Options].
//
// # Examples
//
// The examples ("go doc -http" and pkg.go.dev show them; go doc in a
// terminal does not) cover a long-lived client ([Dial]), a lost connection
// reported with its maybe-lost messages ([StateChange]), the outbox while
// offline and Unsent at Close ([Client.Send]), and the two heartbeat modes
// with their confirmation points ([Options]).
//
// # WebAssembly
//
// In the browser:
//
//   - Heartbeats are messages: page code cannot send pings, so a nil
//     HeartbeatMessage means [DefaultHeartbeatMessage], a Text message the
//     server must echo.
//   - The global object's offline event pauses attempts (an attempt that
//     fails while offline, and the wait, spend no retries); online, and the
//     document becoming visible, end a wait at once. In a worker there is no
//     document and only the network events apply.
//   - Replay relies on the browser's bufferedAmount, and Chromium keeps it
//     after an abrupt close, unsent bytes included. Measured (the test
//     TestBufferedAmountAfterDrop): 32 MiB sent to a server that read
//     nothing and then cut the TCP connection; at the close event (1006)
//     bufferedAmount was 29,360,200 and still so 200ms later: about 4 MiB
//     had gone to the network stack, as natively about 4 MiB go to the
//     kernel. Bytes that went to the network stack count as left, on both
//     targets; the confirmation points decide whether they count as read.
//     Chromium hands a message on in chunks, so the tail may end inside a
//     message: that message straddles the boundary and is reported maybe
//     lost, not replayed. The chaos test (10,000 messages, a drop every 500
//     echoes) replays about 2,400 of them in Chromium without a duplicate.
//   - When the Client itself dropped a connection (a heartbeat timeout), or
//     its closing handshake did not complete within CloseTimeout, the SDK
//     reports the connection Closed while the browser may still be
//     sending its buffer, so nothing of that connection is replayed: every
//     unconfirmed message on it is reported maybe lost.
//   - A relative URL resolves against the page's base URL.
//   - Firefox measures the bufferedAmount after a drop as Chromium does, and
//     replay works the same there.
//   - Firefox delays a new WebSocket to a host and port whose previous
//     connection failed (ended without a closing handshake: a cut, a
//     server gone) by 200–400 ms, then ×1.5 for each failure in a row
//     until one connects (RFC 6455 § 7.2.3; its preference
//     network.websocket.delay-failed-reconnects, on by default). The delay
//     comes on top of the Client's backoff and cannot be shortened from the
//     page, nor should it be; a clean close (Reconnect, Close) is no
//     failure and is not delayed. Measured (TestReconnectDelayAfterFailure,
//     8 reconnects): 313 ms per reconnect after a cut in Firefox (4 ms after
//     Reconnect), 9 ms in Chromium, 5 ms in WebKit; so the resume chaos
//     test with a cut every 50 messages takes 63 s in Firefox, 7.5 s in
//     Chromium.
//   - WebKit (Safari's engine) hands every message to its network process
//     within about 0.1 s whatever the peer reads, and its bufferedAmount is 0
//     once the connection has ended (sdk, "WebAssembly"). So on WebKit:
//     backpressure stops at the page: the water marks never stop the pump for
//     a stalled peer, so Send waits only while the outbox is full and the
//     Client is not Open; and safe replay replays only what was still in the
//     page when the connection ended (in the chaos test about 300 of 10,000
//     messages, against about 2,000 in Chromium and Firefox): every other
//     message not confirmed is reported maybe lost. Nothing is ever
//     duplicated (0 in the chaos test on every engine). There,
//     set HeartbeatInterval (its echoes are the confirmation points that keep
//     the maybe-lost window short), bound what is in flight with
//     acknowledgements from the peer, and make messages idempotent or
//     acknowledged where a loss matters. WebKit also turns the server's close
//     codes 1012 and 1013 into 1006; the Client reconnects after both alike.
package reconnect
