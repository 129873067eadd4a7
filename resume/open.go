//go:build !js

package resume

import (
	"context"
	"errors"
	"slices"

	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/internal/resumeproto"
)

// refusal is a connection closed during the opening exchange.
type refusal struct {
	code   websocket.StatusCode
	reason string
}

// open answers HELLO (PROTOCOL.md § 4): it resumes the session the token
// names, or creates a new one, attaches conn to it and returns the WELCOME
// to send.
func (s *Server) open(ctx context.Context, hello *resumeproto.Frame, conn Conn) (*Session, *attachment, []byte, *refusal) {
	status := resumeproto.StatusNew
	var oldAck, oldSent uint64
	if len(hello.Token) > 0 {
		sess, a, welcome, rf, err := s.resume(ctx, hello, conn)
		var expired *ExpiredError
		switch {
		case err == nil:
			return sess, a, welcome, rf
		case errors.As(err, &expired):
			status, oldAck, oldSent = resumeproto.StatusUnknown, expired.Ack+1, expired.Sent+1
		case errors.Is(err, ErrUnknown):
			status = resumeproto.StatusUnknown
		case errors.Is(err, ErrRefused) && s.opts.RefuseWithClose:
			s.log.Debug("resume: refused with 4401", "err", err)
			return nil, nil, nil, &refusal{resumeproto.CloseRefused, "resume refused"}
		case errors.Is(err, ErrRefused):
			status = resumeproto.StatusRefused
		case errors.Is(err, ErrAckOutOfRange):
			return nil, nil, nil, &refusal{resumeproto.CloseProtocol, "ack beyond what was sent"}
		default: // the store failed, and this process does not run the session
			s.log.Warn("resume: store failed; answering not resumed", "err", err)
			status = resumeproto.StatusUnknown
		}
		s.log.Debug("resume: not resumed", "status", status, "err", err)
	}

	// HELLO's ack and limit belong to the session it named: a new session
	// made in its place waits for the confirmation ACK's limit.
	limit := hello.Limit
	if len(hello.Token) > 0 {
		limit = 0
	}
	token, secret := newToken(nil)
	id, _, _, _ := splitToken(token)
	rec := Record{
		ID: id, Pending: secret, Epoch: 1, Protocol: s.selectProtocol(hello.Protocols),
		Limit: limit, Reserve: s.opts.Window,
	}
	store := s.opts.Store
	err := store.Create(ctx, rec)
	if storeFailed(err) {
		s.log.Warn("resume: store failed; the new session lives in this process only", "err", err)
		store = s.local
		err = store.Create(ctx, rec)
	}
	if err != nil {
		return nil, nil, nil, &refusal{resumeproto.CloseServerFull, "no room for a new session"}
	}
	sess := newSession(ctx, s, rec, limit)
	sess.store = store
	a := newAttachment(conn, 1)
	sess.attach(a)
	if !s.start(sess) {
		_ = store.Delete(ctx, id, 1, false)
		return nil, nil, nil, &refusal{resumeproto.CloseServerFull, "shutting down"}
	}
	return sess, a, sess.welcome(ctx, status, token, oldAck, oldSent), nil
}

// resume claims the session hello's token names.
func (s *Server) resume(ctx context.Context, hello *resumeproto.Frame, conn Conn) (*Session, *attachment, []byte, *refusal, error) {
	id, idBytes, secret, ok := splitToken(hello.Token)
	if !ok {
		return nil, nil, nil, nil, ErrRefused
	}
	token, next := newToken(idBytes)
	sess := s.lookup(id)
	store := s.opts.Store
	if sess != nil && sess.store == s.local {
		store = s.local
	}
	claimed, err := store.Claim(ctx, id, secret, next, hello.Ack)
	var expired *ExpiredError
	if sess != nil && (storeFailed(err) || errors.Is(err, ErrUnknown) && !errors.As(err, &expired) || err == nil && sess.unstoredNow()) {
		// This process runs the session, but the store cannot say it is
		// still its own (down, restarted without its data, or missed a
		// write): not resumed, with the counts of the session here.
		counts := sess.counts()
		sess.end(ErrExpired, 0, "", false)
		if err == nil { // the store's copy missed writes: nobody may take it over
			_ = store.Delete(ctx, id, claimed.Record.Epoch, false)
		}
		return nil, nil, nil, nil, counts
	}
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if sess != nil && !sess.follows(claimed.Record.Epoch) {
		// Another process claimed the session since this one last had it:
		// what is here is stale. The store has the session's state.
		sess.supersede()
		sess = nil
	}
	if sess == nil {
		// Its handler ran in another process (or in this one before it
		// lost the session): take the session over from the store.
		if sess = s.adopt(ctx, claimed); sess == nil {
			return nil, nil, nil, &refusal{resumeproto.CloseServerFull, "shutting down"}, nil
		}
	}
	sess.mu.Lock()
	err = sess.ep.Out.Ack(hello.Ack)
	if err == nil {
		err = sess.ep.Out.Credit(hello.Limit)
	}
	sess.mu.Unlock()
	if err != nil {
		return nil, nil, nil, &refusal{resumeproto.CloseProtocol, resumeproto.Reason(err)}, nil
	}
	a := newAttachment(conn, claimed.Record.Epoch)
	if !sess.attach(a) {
		return nil, nil, nil, nil, ErrUnknown
	}
	return sess, a, sess.welcome(ctx, resumeproto.StatusResumed, token, 0, 0), nil, nil
}

// adopt makes a session of this process from one claimed from the store,
// and starts its handler; it returns nil after Shutdown.
func (s *Server) adopt(ctx context.Context, c Claimed) *Session {
	r := c.Record
	sess := newSession(ctx, s, r, 0)
	sess.adopted = true
	sess.ep.Out.Resume(r.OutAcked, r.OutOffset, c.Replay)
	sess.ep.In.Resume(r.InSeq, r.InOffset)
	sess.stored = resumeproto.Frame{Ack: r.InSeq, Limit: r.Limit, Seq: r.OutAcked}
	// Epoch - 1: attach sets the claimed epoch; a session is attached
	// only through the claim that made it.
	sess.epoch = r.Epoch - 1
	if !s.start(sess) {
		return nil
	}
	return sess
}

// welcome returns the WELCOME frame, persisting the ack and limit it tells.
func (s *Session) welcome(ctx context.Context, status resumeproto.Status, token []byte, oldAck, oldSent uint64) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.persist(ctx)
	ack, limit := s.ep.In.Told()
	return resumeproto.Append(nil, &resumeproto.Frame{
		Kind: resumeproto.KindWelcome, Status: status, Token: token, Epoch: s.epoch,
		Ack: ack, Limit: limit, Protocol: s.protocol, OldAck: oldAck, OldSent: oldSent,
	})
}

// selectProtocol returns the first of offered that the handler speaks.
func (s *Server) selectProtocol(offered []string) string {
	for _, p := range offered {
		if slices.Contains(s.opts.Protocols, p) {
			return p
		}
	}
	return ""
}

func newAttachment(conn Conn, epoch uint64) *attachment {
	return &attachment{conn: conn, epoch: epoch, wake: make(chan struct{}, 1), stop: make(chan struct{})}
}
