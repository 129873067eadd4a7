//go:build !js

package resume

import (
	"context"
	"time"

	"github.com/wasmws/wasmws/internal/resumeproto"
)

// Hash is the SHA-256 of a session's secret: a Store never sees secrets.
type Hash [32]byte

// Record is what a Store keeps of one session, beside its replay buffer.
type Record struct {
	ID       string // 16 random bytes, hex
	Current  Hash   // the confirmed secret's hash
	Pending  Hash   // the hash of the secret in the last WELCOME, zero once confirmed
	Epoch    uint64 // connections claimed so far: 1 after Create
	Protocol string // application subprotocol selected at creation

	// The client's direction.
	InSeq    uint64 // last seq delivered to the application (the server's ack)
	InOffset uint64 // offset after it
	// The server's direction.
	OutAcked  uint64 // the client's cumulative ack
	OutSent   uint64 // last seq pushed
	OutOffset uint64 // offset after it: the payload bytes of seqs 1…OutSent
	Limit     uint64 // the credit granted to the client

	Reserve int64 // bytes of replay buffer reserved for the session
}

// Progress is what changes in a Record while a connection runs.
type Progress struct {
	InSeq, InOffset uint64
	OutAcked        uint64
	Limit           uint64
}

// Claimed is a session as [Store.Claim] returns it: its record after the
// claim, and its unacknowledged outbound messages in order.
type Claimed struct {
	Record Record
	Replay []resumeproto.Message
}

// Store keeps sessions so that a client can resume them, possibly on
// another server process. Every method is atomic on one session and fenced
// by its epoch: a call with an epoch older than the session's fails with
// [ErrSuperseded] and changes nothing, so when two processes race for one
// session exactly one Claim wins and the loser's writes are refused. A Store
// bounds the bytes it holds and forgets detached sessions after their TTL.
// Implementations are safe for concurrent use.
//
// [MemoryStore] is the default; a store on Redis implements the same
// methods, each as one script (one atomic step).
type Store interface {
	// Create adds a new session, reserving rec.Reserve bytes of replay
	// buffer; it fails with ErrFull when the bounds would be passed.
	Create(ctx context.Context, rec Record) error
	// Claim attaches a new connection to session id: it checks that secret
	// is the current or pending one, and that ack lies between OutAcked and
	// OutSent; then it makes next the pending secret (and secret the current
	// one if it was the pending one), increments the epoch, applies ack,
	// trims the replay buffer and cancels the expiry. Errors: ErrUnknown (an
	// *ExpiredError when a tombstone is left), ErrRefused, ErrAckOutOfRange,
	// with nothing changed.
	Claim(ctx context.Context, id string, secret, next Hash, ack uint64) (Claimed, error)
	// Confirm makes the pending secret the current one: the client has it.
	Confirm(ctx context.Context, id string, epoch uint64) error
	// Append adds an outbound message to the replay buffer, advancing
	// OutSent and OutOffset, and records p as Update does, in the same
	// atomic step: what the handler received before sending m is
	// acknowledged together with m, so that a process taking the session
	// over can neither lose m nor deliver those messages again.
	// m.Payload stays the session's: a Store that keeps it rather than a
	// copy must not read it once an Update or Append recorded an OutAcked
	// of m.Seq or more (the session then reuses its buffer).
	Append(ctx context.Context, id string, epoch uint64, m resumeproto.Message, p Progress) error
	// Update records progress and trims the replay buffer up to OutAcked.
	Update(ctx context.Context, id string, epoch uint64, p Progress) error
	// Detach records that the session has no connection: it expires after
	// ttl unless claimed again.
	Detach(ctx context.Context, id string, epoch uint64, ttl time.Duration) error
	// Delete removes the session if its epoch is still epoch. With
	// tombstone, Claim reports an *ExpiredError for it for a while instead
	// of ErrUnknown.
	Delete(ctx context.Context, id string, epoch uint64, tombstone bool) error
}
