//go:build !js

package resume

import (
	"context"
	"crypto/subtle"
	"sync"
	"time"

	"github.com/wasmws/wasmws/internal/resumeproto"
)

// MemoryOptions bounds a [MemoryStore]. The zero value means the defaults.
type MemoryOptions struct {
	// MaxBytes bounds the replay buffer bytes reserved by all sessions
	// together (Record.Reserve each); Create fails with ErrFull past it. A
	// session's buffer stays within its reserve plus one message. Zero
	// means 256 MiB.
	MaxBytes int64
	// MaxSessions bounds the sessions held, and separately the tombstones.
	// Zero means 10,000.
	MaxSessions int
	// TombstoneTTL is how long an expired session's tombstone answers
	// Claim with its counts. Zero means 10 minutes.
	TombstoneTTL time.Duration
}

// MemoryStore is a [Store] in this process's memory, bounded in bytes and
// sessions; detached sessions expire after their TTL even if nobody deletes
// them. Create it with [NewMemoryStore]. It is safe for concurrent use.
type MemoryStore struct {
	opts MemoryOptions

	mu        sync.Mutex
	sessions  map[string]*memSession
	tombs     map[string]memTomb
	tombOrder []string // oldest first, for eviction
	reserved  int64
	bytes     int64
	swept     time.Time
}

type memSession struct {
	rec     Record
	replay  resumeproto.Fifo
	bytes   int64
	expires time.Time // zero while attached
}

type memTomb struct {
	ack, sent uint64
	until     time.Time
}

// NewMemoryStore returns an empty MemoryStore; nil opts means the defaults.
func NewMemoryStore(opts *MemoryOptions) *MemoryStore {
	var o MemoryOptions
	if opts != nil {
		o = *opts
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 256 << 20
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = 10_000
	}
	if o.TombstoneTTL <= 0 {
		o.TombstoneTTL = 10 * time.Minute
	}
	return &MemoryStore{opts: o, sessions: make(map[string]*memSession), tombs: make(map[string]memTomb)}
}

// Usage returns the sessions held, the bytes reserved for their replay
// buffers and the payload bytes those buffers hold now.
func (s *MemoryStore) Usage() (sessions int, reserved, bytes int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions), s.reserved, s.bytes
}

// Create implements [Store].
func (s *MemoryStore) Create(_ context.Context, rec Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(time.Now(), len(s.sessions) >= s.opts.MaxSessions || s.reserved+rec.Reserve > s.opts.MaxBytes)
	if len(s.sessions) >= s.opts.MaxSessions || s.reserved+rec.Reserve > s.opts.MaxBytes {
		return ErrFull
	}
	s.sessions[rec.ID] = &memSession{rec: rec}
	s.reserved += rec.Reserve
	return nil
}

// Claim implements [Store].
func (s *MemoryStore) Claim(_ context.Context, id string, secret, next Hash, ack uint64) (Claimed, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	s.sweep(now, false)
	m, ok := s.sessions[id]
	if ok && !m.expires.IsZero() && now.After(m.expires) {
		s.remove(id, true, now)
		ok = false
	}
	if !ok {
		if t, ok := s.tombs[id]; ok && now.Before(t.until) {
			return Claimed{}, &ExpiredError{Ack: t.ack, Sent: t.sent}
		}
		return Claimed{}, ErrUnknown
	}
	r := &m.rec
	isCurrent := subtle.ConstantTimeCompare(secret[:], r.Current[:]) == 1
	isPending := r.Pending != (Hash{}) && subtle.ConstantTimeCompare(secret[:], r.Pending[:]) == 1
	switch {
	case !isCurrent && !isPending:
		return Claimed{}, ErrRefused
	case ack < r.OutAcked || ack > r.OutSent:
		return Claimed{}, ErrAckOutOfRange
	}
	if isPending {
		r.Current = r.Pending
	}
	r.Pending = next
	r.Epoch++
	s.trim(m, ack)
	m.expires = time.Time{}
	return Claimed{Record: *r, Replay: append([]resumeproto.Message(nil), m.replay.Items()...)}, nil
}

// Confirm implements [Store].
func (s *MemoryStore) Confirm(_ context.Context, id string, epoch uint64) error {
	return s.with(id, epoch, func(m *memSession) {
		if m.rec.Pending != (Hash{}) {
			m.rec.Current, m.rec.Pending = m.rec.Pending, Hash{}
		}
	})
}

// Append implements [Store].
func (s *MemoryStore) Append(_ context.Context, id string, epoch uint64, msg resumeproto.Message, p Progress) error {
	return s.with(id, epoch, func(m *memSession) {
		m.replay.Push(msg)
		m.bytes += int64(len(msg.Payload))
		s.bytes += int64(len(msg.Payload))
		m.rec.OutSent = msg.Seq
		m.rec.OutOffset += uint64(len(msg.Payload))
		s.progress(m, p)
	})
}

// Update implements [Store].
func (s *MemoryStore) Update(_ context.Context, id string, epoch uint64, p Progress) error {
	return s.with(id, epoch, func(m *memSession) { s.progress(m, p) })
}

// progress records p in m.
func (s *MemoryStore) progress(m *memSession, p Progress) {
	m.rec.InSeq, m.rec.InOffset, m.rec.Limit = p.InSeq, p.InOffset, p.Limit
	s.trim(m, p.OutAcked)
}

// Detach implements [Store].
func (s *MemoryStore) Detach(_ context.Context, id string, epoch uint64, ttl time.Duration) error {
	return s.with(id, epoch, func(m *memSession) { m.expires = time.Now().Add(ttl) })
}

// Delete implements [Store].
func (s *MemoryStore) Delete(_ context.Context, id string, epoch uint64, tombstone bool) error {
	return s.with(id, epoch, func(*memSession) { s.remove(id, tombstone, time.Now()) })
}

// with runs f on session id under the lock if its epoch is epoch.
func (s *MemoryStore) with(id string, epoch uint64, f func(*memSession)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.sessions[id]
	switch {
	case !ok:
		return ErrUnknown
	case m.rec.Epoch != epoch:
		return ErrSuperseded
	}
	f(m)
	return nil
}

// trim drops the messages up to seq ack from m's replay buffer.
func (s *MemoryStore) trim(m *memSession, ack uint64) {
	if ack <= m.rec.OutAcked {
		return
	}
	replay := m.replay.Items()
	n := 0
	for n < len(replay) && replay[n].Seq <= ack {
		m.bytes -= int64(len(replay[n].Payload))
		s.bytes -= int64(len(replay[n].Payload))
		n++
	}
	m.replay.Drop(n)
	m.rec.OutAcked = ack
}

// remove deletes session id, leaving a tombstone if asked.
func (s *MemoryStore) remove(id string, tombstone bool, now time.Time) {
	m := s.sessions[id]
	delete(s.sessions, id)
	s.reserved -= m.rec.Reserve
	s.bytes -= m.bytes
	if !tombstone {
		return
	}
	for len(s.tombOrder) >= s.opts.MaxSessions {
		delete(s.tombs, s.tombOrder[0])
		s.tombOrder = s.tombOrder[1:]
	}
	s.tombs[id] = memTomb{ack: m.rec.InSeq, sent: m.rec.OutSent, until: now.Add(s.opts.TombstoneTTL)}
	s.tombOrder = append(s.tombOrder, id)
}

// sweep expires detached sessions past their TTL and old tombstones, at
// most once a second unless forced.
func (s *MemoryStore) sweep(now time.Time, force bool) {
	if !force && now.Sub(s.swept) < time.Second {
		return
	}
	s.swept = now
	for id, m := range s.sessions {
		if !m.expires.IsZero() && now.After(m.expires) {
			s.remove(id, true, now)
		}
	}
	keep := s.tombOrder[:0]
	for _, id := range s.tombOrder {
		if now.Before(s.tombs[id].until) {
			keep = append(keep, id)
		} else {
			delete(s.tombs, id)
		}
	}
	clear(s.tombOrder[len(keep):])
	s.tombOrder = keep
}
