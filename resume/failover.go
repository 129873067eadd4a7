//go:build !js

package resume

import (
	"context"
	"errors"
	"time"
)

// What a Server does when its Store fails (an error that is none of the
// Store sentinels: Redis down, restarted, timing out):
//
//   - A new session is created in a MemoryStore of this Server instead:
//     it works, and resumes on this process, but a resume that lands on
//     another process finds nothing there (not resumed, counts unknown).
//   - A resume whose Claim fails, or that the store does not know
//     although this process runs the session (a store restarted without
//     its data), is answered as not resumed, with the counts of the session
//     this process runs if it runs it, and a new session.
//   - A running session whose store write fails, or finds the session
//     gone, carries on in this process, writing nothing more to the store,
//     and deletes its copy there as soon as the store answers: a copy that missed a write must
//     not be taken over by another process. Its next resume is answered as
//     not resumed, with its counts, if it lands here.

// storeFailed reports whether err is a failure of the store itself rather
// than one of its answers about a session.
func storeFailed(err error) bool {
	if err == nil {
		return false
	}
	for _, s := range []error{ErrUnknown, ErrRefused, ErrAckOutOfRange, ErrSuperseded, ErrFull} {
		if errors.Is(err, s) {
			return false
		}
	}
	return true
}

// dropRetry is how often a session retries deleting its store copy after
// a failed write; it gives up when the session ends or after SessionTTL.
const dropRetry = time.Second

// wrote checks the result of a write of the session to its store. On a
// store failure, or when the store lost the session (ErrUnknown: restarted
// without its data), the session stops writing to the store and deletes
// its copy there. Call with s.mu held.
func (s *Session) wrote(err error) {
	lost := storeFailed(err) || errors.Is(err, ErrUnknown)
	if !lost || s.unstored || s.store == s.srv.local {
		return
	}
	s.unstored = true
	s.log.Warn("resume: store write failed; the session goes on in this process only", "err", err)
	go s.dropStoreCopy(s.epoch)
}

// dropStoreCopy deletes the session's store copy (written at epoch),
// retrying while the store fails.
func (s *Session) dropStoreCopy(epoch uint64) {
	deadline := time.Now().Add(s.srv.opts.SessionTTL)
	t := time.NewTicker(dropRetry)
	defer t.Stop()
	for {
		if err := s.store.Delete(context.Background(), s.id, epoch, false); !storeFailed(err) {
			return
		}
		select {
		case <-t.C:
		case <-s.done:
			// One last try: the session ended here.
			_ = s.store.Delete(context.Background(), s.id, epoch, false)
			return
		}
		if time.Now().After(deadline) {
			return
		}
	}
}

// counts returns what an *ExpiredError tells of the session: the last
// seq of the client it took, and the last seq it sent.
func (s *Session) counts() *ExpiredError {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &ExpiredError{Ack: s.ep.In.Ack(), Sent: s.ep.Out.Pushed()}
}

// unstoredNow reports whether the session stopped writing to its store.
func (s *Session) unstoredNow() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.unstored
}
