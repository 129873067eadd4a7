//go:build !js

package resume

import "errors"

// Errors of sessions and stores. Each matches with errors.Is.
var (
	// ErrSessionEnded: the client ended the session (BYE), or the
	// application closed it.
	ErrSessionEnded = errors.New("wasmws: resume session ended")
	// ErrExpired: the session stayed detached longer than Options.SessionTTL.
	ErrExpired = errors.New("wasmws: resume session expired")
	// ErrUnknown: a Store has no session with this id (it never existed, or
	// expired and its tombstone is gone).
	ErrUnknown = errors.New("wasmws: resume session unknown")
	// ErrRefused: the token does not match the session's current or pending
	// secret.
	ErrRefused = errors.New("wasmws: resume token refused")
	// ErrAckOutOfRange: a HELLO acknowledged more than the session sent, or
	// less than it acknowledged before.
	ErrAckOutOfRange = errors.New("wasmws: resume ack out of range")
	// ErrSuperseded: another connection claimed the session since this one
	// did (its epoch is newer).
	ErrSuperseded = errors.New("wasmws: resume session superseded")
	// ErrFull: the Store has no room for another session.
	ErrFull = errors.New("wasmws: resume store full")
)

// ExpiredError is the error of [Store.Claim] for a session that expired and
// left a tombstone. It matches [ErrUnknown] and [ErrExpired]; Ack and Sent are the last client
// seq the session took and the last seq it sent.
type ExpiredError struct {
	Ack, Sent uint64
}

// Error says the session expired.
func (e *ExpiredError) Error() string { return "wasmws: resume session expired" }

// Is reports whether target is ErrUnknown or ErrExpired.
func (e *ExpiredError) Is(target error) bool { return target == ErrUnknown || target == ErrExpired }
