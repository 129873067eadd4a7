package reconnect

import (
	"errors"
	"strconv"

	"github.com/wasmws/wasmws/internal/errtree"
	"github.com/wasmws/wasmws/sdk"
)

// Sentinel errors. Test for them with [errors.Is].
var (
	// ErrMaxRetries reports that the Client gave up: Options.MaxRetries
	// consecutive attempts failed. The error that ends the Client matches it,
	// [sdk.ErrClosed], and the last attempt's own error.
	ErrMaxRetries = errors.New("wasmws: gave up reconnecting")

	// ErrHeartbeatTimeout reports a link declared dead because nothing came
	// in for Options.HeartbeatTimeout. It is the cause of the state change
	// that follows (see [StateChange]).
	ErrHeartbeatTimeout = errors.New("wasmws: heartbeat timeout: no inbound traffic")

	// ErrMessageTooLarge reports a message larger than
	// Options.MaxQueuedBytes: the outbox could never hold it.
	ErrMessageTooLarge = errors.New("wasmws: message larger than MaxQueuedBytes")

	// ErrOutboxFull reports a message that does not fit in the outbox of a
	// Client that is Closing or Closed with Options.QueueWhileClosed: nothing
	// makes room until Start, so Send and SendAsync do not wait for it.
	ErrOutboxFull = errors.New("wasmws: the outbox is full and the Client is closed")
)

// errURLProvider is the reason of an attempt whose Options.URL failed; the
// provider's own error follows it (see because).
var errURLProvider = errors.New("wasmws: URL provider failed")

// errNoConn reports an Options.Dial that returned neither a connection nor
// an error.
var errNoConn = errors.New("wasmws: Options.Dial returned no connection and no error")

// giveUpError ends a Client after MaxRetries consecutive failed attempts.
type giveUpError struct {
	failures int
	last     error
}

func (e *giveUpError) Error() string {
	s := ErrMaxRetries.Error() + " after " + strconv.Itoa(e.failures) + " failed attempts"
	if e.last != nil {
		s += ": " + errtree.Nested(e.last)
	}
	return s
}

func (e *giveUpError) Unwrap() []error {
	errs := []error{ErrMaxRetries, sdk.ErrClosed}
	if e.last != nil {
		errs = append(errs, e.last)
	}
	return errs
}

// closedError is the error of a Client that Close ended.
type closedError struct{}

func (closedError) Error() string { return "wasmws: client closed" }
func (closedError) Unwrap() error { return sdk.ErrClosed }

// causeError reports a state change whose reason (say ErrHeartbeatTimeout)
// led to another error (how the connection then closed).
type causeError struct {
	reason, then error
}

func (e *causeError) Error() string {
	return errtree.Prefix + errtree.Nested(e.reason) + ": " + errtree.Nested(e.then)
}

func (e *causeError) Unwrap() []error { return []error{e.reason, e.then} }

// because returns reason followed by then, either of which may be nil.
func because(reason, then error) error {
	switch {
	case reason == nil:
		return then
	case then == nil:
		return reason
	}
	return &causeError{reason: reason, then: then}
}
