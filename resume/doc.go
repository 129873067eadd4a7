// Package resume is the server side of wasmws.resume.v1 (PROTOCOL.md in
// this directory): resumable WebSocket sessions with no message lost or
// duplicated across reconnections, and credit-based flow control in both
// directions. Any net/http server can use it; its application sees one
// [Session] per session, with plain Send and Receive, whatever connections
// carry it.
//
//	srv := resume.NewServer(func(s *resume.Session) {
//		for {
//			typ, p, err := s.Receive(ctx)   // each client message once, in order
//			if err != nil {
//				return                      // ErrSessionEnded, ErrExpired
//			}
//			err = s.Send(ctx, typ, p)       // waits for the client's credit
//			...
//		}
//	}, &resume.Options{Protocols: []string{"chat"}})
//	http.Handle("/ws", srv)                 // or: if resume.Offered(r) { ... srv.Serve(ctx, conn) }
//
// The client side is package reconnect (Options.Resume); the package
// example runs both in one process ("go doc -http" and pkg.go.dev show it).
//
// # Guarantees
//
// While a session lives, every message the handler Sends reaches the
// client once and in order, and every message the client sends reaches
// Receive once and in order, across any number of cut connections: each
// side keeps what it sent until the other acknowledges it and retransmits
// it after a resume; duplicates are dropped by sequence number. A session
// ends when either side ends it (BYE), when it has no connection for
// [Options.SessionTTL], or at [Server.Shutdown]; a client that comes back
// later is told so (the not-resumed event, with the counts the store's
// tombstone still knows) and never sees a silent gap.
//
// # Memory
//
// Per session the server holds at most [Options.Window] unacknowledged
// bytes in its replay buffer, plus one message, and at most Window
// received bytes the handler has not taken, plus one message (the client
// may send only within the credit it was granted). The [MemoryStore]
// bounds the number of sessions and the bytes reserved for them, and
// forgets detached sessions after their TTL. While its writer sends a run
// of frames in one write (see [Batcher]), a connection accepted by
// [Server.ServeHTTP] also holds up to 32 KiB of them, taken from a shared
// pool for the run and given back once it is written.
//
// # Stores
//
// Sessions live in a [Store]. Its operations are atomic per session and
// fenced by the session's epoch, so that a store shared by several server
// processes (such as one on Redis) lets exactly one of two racing resumes
// win and refuses the loser's writes.
//
// A resume that reaches another process than the one running the
// session's handler takes the session over: that process claims it from
// the store, starts a handler of its own on it ([Session.Adopted] reports
// so) from where the store says the session was, and retransmits the
// replay buffer. The first process learns it lost the session at its next
// write to the store (it fails with [ErrSuperseded]): its handler's Send
// and Receive return ErrSuperseded, and its connection, if any, is closed
// with 4409. So that nothing is lost or delivered twice across such a
// take-over, a message Receive returned counts as taken (acknowledged to
// the client) only at the handler's next Send or Receive, and Send stores
// that acknowledgement in the same atomic step as the message it sends
// ([Store] Append): a handler that replies to each message before taking
// the next one, such as an echo, replies exactly once. A handler's own
// state, beyond what it sent, is not in the store: handlers that keep
// state must keep it elsewhere, or run without a shared store.
// [Server.Shutdown] leaves its sessions in the store, detached, for
// another process to take over.
//
// # Store failures
//
// A store that fails (an error other than its sentinels: a Redis down, or
// timing out) never stops the Server. A new session is then made in a
// MemoryStore of the Server's own: it resumes on this process only. A
// resume the store cannot answer, or that the store no longer knows while
// this process runs the session (a Redis restarted without its data), is
// answered as not resumed, with the exact counts of the session this
// process ran, and a new session. A session whose store write fails goes on
// in this process without the store, and deletes its copy there once the
// store answers, so that no process takes over a copy that missed a write;
// its next resume is answered as not resumed, with counts.
package resume
