//go:build !js

package resume

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/internal/resumeproto"
)

// Session is one resumable session as the server's handler sees it: an
// ordered, exactly-once stream of messages each way that outlives the
// connections carrying it. Send waits for the client's credit; Receive
// returns the client's messages once each, in order. It is safe for
// concurrent use; the zero value is not usable.
type Session struct {
	ctx      context.Context
	srv      *Server
	id       string
	protocol string
	store    Store
	log      *slog.Logger

	mu      sync.Mutex
	ep      resumeproto.Endpoint
	inbox   resumeproto.Fifo   // taken from the client, not yet received
	changed resumeproto.Signal // broadcast on every change
	att     *attachment        // the connection carrying the session, or nil
	epoch   uint64
	expiry  *time.Timer
	err     error // why the session ended; nil while it runs
	done    chan struct{}
	stored  resumeproto.Frame // the ack and limit last written to the store

	// ackTiming is set while the writer's ack-delay timer runs: until it
	// fires, news that is not urgent need not wake the writer.
	ackTiming bool

	// received is the message Receive returned last, which counts as
	// handled (acknowledged, its credit freed) only at the handler's next
	// Send or Receive: a process that takes the session over then either
	// has the handler's reply to it, or delivers it again.
	received   resumeproto.Message
	unhandled  bool
	adopted    bool // the session was taken over from another process
	superseded bool // another process claimed the session: write nothing more
	unstored   bool // a store write failed: write nothing more (failover.go)
	handedOver bool // ended by Shutdown: left in the store, detached

	// dropped are the payloads of messages the client acknowledged that the
	// store may still hold: recycled (payloadpool.go) once a store write
	// recorded the ack. Bounded by the replay buffer they were in.
	dropped [][]byte
}

// attachment is one connection carrying the session.
type attachment struct {
	conn      Conn
	epoch     uint64
	wake      chan struct{} // capacity 1: the writer has something to do
	stop      chan struct{} // closed when the session leaves this connection
	closeCode websocket.StatusCode
	closeMsg  string
	bye       bool // send BYE before closing
	confirmed bool
}

func newSession(ctx context.Context, srv *Server, rec Record, limit uint64) *Session {
	o := srv.opts
	s := &Session{
		ctx: ctx, srv: srv, id: rec.ID, protocol: rec.Protocol, store: o.Store,
		log: srv.log.With("session", rec.ID[:8]),
		ep: resumeproto.Endpoint{
			Out: resumeproto.NewSender(o.Window, limit),
			In:  resumeproto.NewReceiver(o.Window, true),
		},
		epoch: rec.Epoch,
		done:  make(chan struct{}),
	}
	s.ep.Out.Dropped = s.drop
	return s
}

// ID returns the session's id: 32 hex digits, fit for logs (it is not the
// token and grants nothing).
func (s *Session) ID() string { return s.id }

// Protocol returns the application subprotocol selected for the session,
// or "".
func (s *Session) Protocol() string { return s.protocol }

// Context returns a context with the values of the one given to
// [Server.Serve] (or the handshake request's, for [Server.ServeHTTP]) by the
// connection that created the session; it is never cancelled.
func (s *Session) Context() context.Context { return s.ctx }

// Done returns a channel closed when the session has ended.
func (s *Session) Done() <-chan struct{} { return s.done }

// Err returns why the session ended ([ErrSessionEnded], [ErrExpired],
// [ErrSuperseded] when another process took it over), or nil while it runs.
func (s *Session) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Send queues a message for the client, and returns once it is in the
// replay buffer; it waits while the client's credit or the replay buffer is
// exhausted, until ctx ends or the session ends. p is copied. An error
// means the message was not queued: ctx's, or once the session has ended
// [Session.Err]'s ([ErrSessionEnded], [ErrExpired], [ErrSuperseded]).
func (s *Session) Send(ctx context.Context, typ websocket.MessageType, p []byte) error {
	return s.send(ctx, typ, p, false)
}

// SendOwned is [Session.Send] without the copy: p becomes the session's,
// kept until the client acknowledges it, and the caller must never read or
// change it again, whatever SendOwned returns (the session may reuse its
// buffer once the client has it). A handler that forwards what
// [Session.Receive] returned (the caller's to keep) saves an allocation and
// a copy of every message so.
func (s *Session) SendOwned(ctx context.Context, typ websocket.MessageType, p []byte) error {
	return s.send(ctx, typ, p, true)
}

// send is Send, with p copied unless owned.
func (s *Session) send(ctx context.Context, typ websocket.MessageType, p []byte, owned bool) error {
	if !owned {
		p = append(newPayload(len(p))[:0], p...)
	}
	t := byte(resumeproto.TypeBinary)
	if typ == websocket.MessageText {
		t = resumeproto.TypeText
	}
	for {
		s.mu.Lock()
		if s.err != nil {
			err := s.err
			s.mu.Unlock()
			return err
		}
		if s.ep.Out.Ready() {
			if owned && !s.isReceived(p) {
				// Only its bytes were given: the session must not reuse
				// the capacity beyond them (payloadpool.go).
				p = p[:len(p):len(p)]
			}
			s.handled()
			m, _ := s.ep.Out.Push(t, p)
			var err error
			if !s.unstored {
				err = s.store.Append(ctx, s.id, s.epoch, m, s.progress())
				s.wrote(err)
			}
			if errors.Is(err, ErrSuperseded) {
				s.mu.Unlock()
				s.supersede()
				return ErrSuperseded
			}
			if err == nil {
				s.stored.Ack, s.stored.Limit, s.stored.Seq = s.ep.In.Ack(), s.ep.In.Limit(), s.ep.Out.Acked()
				s.recycle()
			}
			s.kick()
			s.mu.Unlock()
			return nil
		}
		ch := s.changed.Wait()
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Receive returns the client's next message, waiting for one until ctx
// ends or the session ends. The message counts as taken, which frees the
// client's credit and acknowledges it, at the handler's next Send (or
// SendOwned) or Receive (see Stores in the package documentation). The
// bytes returned are the caller's: the session keeps no reference to them.
// Messages that arrived before the session ended are still returned; then
// the error is [Session.Err]'s ([ErrSessionEnded], [ErrExpired],
// [ErrSuperseded]), or ctx's if it ends first.
func (s *Session) Receive(ctx context.Context) (websocket.MessageType, []byte, error) {
	for {
		s.mu.Lock()
		s.handled()
		if in := s.inbox.Items(); len(in) > 0 {
			m := in[0]
			s.inbox.Drop(1)
			s.received, s.unhandled = m, true
			s.mu.Unlock()
			if m.Type == resumeproto.TypeText {
				return websocket.MessageText, m.Payload, nil
			}
			return websocket.MessageBinary, m.Payload, nil
		}
		if s.err != nil {
			err := s.err
			s.mu.Unlock()
			return 0, nil, err
		}
		ch := s.changed.Wait()
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return 0, nil, ctx.Err()
		}
	}
}

// handled records that the handler is done with the message Receive
// returned last, which frees its credit and lets it be acknowledged. Call
// with s.mu held.
func (s *Session) handled() {
	if !s.unhandled {
		return
	}
	s.ep.In.Consume(s.received.Seq, len(s.received.Payload))
	s.received, s.unhandled = resumeproto.Message{}, false
	s.news()
}

// Adopted reports whether this process took the session over from another
// one sharing the [Store] (the client resumed here): the handler runs from
// where the other process's handler stopped, and the messages it sent are
// in the replay buffer already.
func (s *Session) Adopted() bool { return s.adopted }

// follows reports whether epoch is the one a claim of the session makes
// when no other process claimed it since this one did.
func (s *Session) follows(epoch uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err == nil && epoch == s.epoch+1
}

// supersede ends the session in this process because another one claimed
// it: the store, which the other process now writes, is left alone.
func (s *Session) supersede() {
	s.mu.Lock()
	s.superseded = true
	s.mu.Unlock()
	s.end(ErrSuperseded, resumeproto.CloseSuperseded, "superseded", false)
}

// handOver ends the session in this process at Shutdown, leaving it in the
// store, detached for SessionTTL, for another process to take over.
func (s *Session) handOver() {
	s.mu.Lock()
	s.handedOver = true
	s.mu.Unlock()
	s.end(ErrSessionEnded, websocket.StatusGoingAway, "going away", false)
}

// Close ends the session: the client receives BYE, and a resume finds
// nothing. Messages the client has not acknowledged are lost (it counts
// them). Calling it again does nothing.
func (s *Session) Close() error {
	s.end(ErrSessionEnded, websocket.StatusNormalClosure, "", true)
	return nil
}

// Expire ends the session as if it had expired: its connection is cut
// without BYE, and a client that resumes gets the not-resumed answer with
// the counts of what the session took and sent. For servers that must shed
// a session, and for tests.
func (s *Session) Expire() { s.end(ErrExpired, 0, "", false) }

// Buffered returns the messages and payload bytes waiting in the replay
// buffer (unacknowledged by the client) and in the inbox (not yet
// received by the handler).
func (s *Session) Buffered() (replayBytes, inboxBytes int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, replayBytes = s.ep.Out.Unacked()
	for _, m := range s.inbox.Items() {
		inboxBytes += int64(len(m.Payload))
	}
	return replayBytes, inboxBytes
}

// end ends the session with err, closing its connection with code and
// reason (after BYE if bye), deleting it from the store.
func (s *Session) end(err error, code websocket.StatusCode, reason string, bye bool) {
	s.mu.Lock()
	if s.err != nil {
		s.mu.Unlock()
		return
	}
	s.err = err
	if s.expiry != nil {
		s.expiry.Stop()
	}
	s.persist(context.Background()) // a tombstone tells what the handler took
	if a := s.att; a != nil {
		a.closeCode, a.closeMsg, a.bye = code, reason, bye
		s.kickLocked(a)
	}
	epoch, superseded, unstored, handedOver := s.epoch, s.superseded, s.unstored, s.handedOver
	s.broadcast()
	close(s.done)
	s.mu.Unlock()
	switch {
	case superseded || unstored:
	case handedOver:
		_ = s.store.Detach(context.Background(), s.id, epoch, s.srv.opts.SessionTTL)
	default:
		_ = s.store.Delete(context.Background(), s.id, epoch, err == ErrExpired)
	}
	s.srv.forget(s)
	s.log.Debug("resume: session ended", "err", err)
}

// attach makes a the session's connection, closing the previous one with
// 4409. It reports false if the session has ended.
func (s *Session) attach(a *attachment) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return false
	}
	if old := s.att; old != nil {
		old.closeCode, old.closeMsg = resumeproto.CloseSuperseded, "superseded"
		close(old.stop)
	}
	if s.expiry != nil {
		s.expiry.Stop()
		s.expiry = nil
	}
	s.att, s.epoch = a, a.epoch
	s.ep.Out.Rewind()
	return true
}

// detach records that a's connection has ended: unless the session moved to
// another connection, it waits SessionTTL for a resume, then expires.
func (s *Session) detach(a *attachment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.att != a {
		return
	}
	s.att = nil
	close(a.stop)
	if s.err != nil {
		return
	}
	ttl := s.srv.opts.SessionTTL
	if !s.unstored && !s.superseded {
		s.wrote(s.store.Detach(context.Background(), s.id, a.epoch, ttl))
	}
	epoch := a.epoch
	s.expiry = time.AfterFunc(ttl, func() {
		s.mu.Lock()
		expired := s.att == nil && s.epoch == epoch
		s.mu.Unlock()
		if expired {
			s.end(ErrExpired, 0, "", false)
		}
	})
}

// news wakes the waiting Sends and Receives after a frame was read or a
// message consumed, and the writer if it has something to do: DATA to write
// (retransmissions an ack let out), an urgent ACK, or an ACK owed with no
// timer running. A busy session so wakes its writer about once per message
// sent, not once per frame read too. Call with s.mu held.
func (s *Session) news() {
	s.broadcast()
	in := s.ep.In
	if s.att != nil && (s.ep.Out.Pending() || in.Urgent() || in.Stale() && !s.ackTiming) {
		s.kickLocked(s.att)
	}
}

// kick wakes the writer of the current connection. Call with s.mu held.
func (s *Session) kick() {
	s.broadcast()
	if s.att != nil {
		s.kickLocked(s.att)
	}
}

func (s *Session) kickLocked(a *attachment) {
	select {
	case a.wake <- struct{}{}:
	default:
	}
}

// broadcast wakes every Send and Receive waiting. Call with s.mu held.
func (s *Session) broadcast() {
	s.changed.Broadcast()
}

// persist writes the ack and limit the client is about to be told to the
// store, before they are sent (PROTOCOL.md: what is acknowledged must
// survive the process). Call with s.mu held.
func (s *Session) persist(ctx context.Context) {
	ack, limit := s.ep.In.Ack(), s.ep.In.Limit()
	if s.superseded || s.unstored || ack == s.stored.Ack && limit == s.stored.Limit && s.ep.Out.Acked() == s.stored.Seq {
		return
	}
	s.stored.Ack, s.stored.Limit, s.stored.Seq = ack, limit, s.ep.Out.Acked()
	err := s.store.Update(ctx, s.id, s.epoch, s.progress())
	if errors.Is(err, ErrSuperseded) {
		s.superseded = true
		go s.supersede()
	}
	s.wrote(err)
	if err == nil {
		s.recycle()
	}
}

// progress is the session's progress as the store keeps it. Call with s.mu
// held.
func (s *Session) progress() Progress {
	return Progress{
		InSeq: s.ep.In.Ack(), InOffset: s.consumedOffset(), OutAcked: s.ep.Out.Acked(), Limit: s.ep.In.Limit(),
	}
}

// consumedOffset is the offset after the last message the handler
// received: the credit limit minus the window.
func (s *Session) consumedOffset() uint64 {
	return s.ep.In.Limit() - uint64(s.srv.opts.Window)
}

// isReceived reports whether p is the payload [Session.Receive] returned
// last, whole: a buffer of the session's pool, all of it the handler's to
// give back. Call with s.mu held.
func (s *Session) isReceived(p []byte) bool {
	q := s.received.Payload
	return s.unhandled && len(p) > 0 && len(p) == len(q) && cap(p) == cap(q) && &p[0] == &q[0]
}

// drop keeps the payload of a message the client acknowledged until the
// store records the ack (a store may hold the payload until then); a
// session that writes to its store no more leaves it to the garbage
// collector. Call with s.mu held.
func (s *Session) drop(m resumeproto.Message) {
	if cap(m.Payload) >= minPooled && !s.unstored && !s.superseded {
		s.dropped = append(s.dropped, m.Payload)
	}
}

// recycle reuses the payloads dropped, after a store write recorded the
// client's ack of them: the store will never return them again. Call with
// s.mu held.
func (s *Session) recycle() {
	for _, p := range s.dropped {
		recyclePayload(p)
	}
	clear(s.dropped)
	s.dropped = s.dropped[:0]
}
