package sdk

import (
	"errors"
	"strconv"

	"github.com/wasmws/wasmws/internal/errtree"
)

// Sentinel errors. Test for them with [errors.Is]; where the WHATWG WebSocket API
// throws a DOMException, the matching sentinel names it.
var (
	// ErrSyntax is the DOMException "SyntaxError": a URL that is not an absolute
	// ws, wss, http or https URL, a URL with a fragment, an invalid or duplicate
	// subprotocol, or a close reason longer than 123 UTF-8 bytes (or not UTF-8).
	ErrSyntax = errors.New("wasmws: syntax error")

	// ErrInvalidAccess is the DOMException "InvalidAccessError": a close code
	// other than 1000 or 3000-4999.
	ErrInvalidAccess = errors.New("wasmws: invalid access: close code must be 1000 or in 3000-4999")

	// ErrInvalidState is the DOMException "InvalidStateError": Send while the
	// connection is still Connecting.
	ErrInvalidState = errors.New("wasmws: invalid state: still connecting")

	// ErrReceiveOverflow reports that unread messages exceeded
	// [Options.ReceiveBuffer] in a transport that cannot pause the peer (the
	// browser's WebSocket): the connection was closed with [StatusReceiveOverflow].
	ErrReceiveOverflow = errors.New("wasmws: receive buffer overflow")

	// ErrMessageTooBig reports a received message larger than
	// [Options.ReadLimit]: the connection was closed with [StatusReadLimit].
	ErrMessageTooBig = errors.New("wasmws: message exceeds read limit")

	// ErrInvalidMessage reports a message Send cannot send as given: a
	// [MessageType] other than Text or Binary, or a Text message that is not
	// valid UTF-8 (the browser would silently replace the bad bytes).
	ErrInvalidMessage = errors.New("wasmws: invalid message")

	// ErrInvalidOptions reports an [Options] value that cannot work, such as a
	// negative limit or a LowWaterMark above the HighWaterMark.
	ErrInvalidOptions = errors.New("wasmws: invalid options")

	// ErrUnsupported reports an option the target cannot honour, such as
	// [Options.Header] in the browser. It is [errors.ErrUnsupported].
	ErrUnsupported = errors.ErrUnsupported

	// ErrClosed is returned by operations on a connection that is closing or
	// closed. Every [CloseError] also matches it. Natively it is
	// [net.ErrClosed]; in the browser build, which does not link the net
	// package, it is an error with the same text that matches net.ErrClosed:
	// on both targets, an error that matches ErrClosed matches net.ErrClosed,
	// so existing checks keep working.
	ErrClosed = errClosed
)

// CloseError tells how a connection closed: the values of the browser's
// CloseEvent. Receive returns it (possibly wrapped, see [Conn.Receive]) once
// every message received before the close has been read; read it with
// [errors.As]. A CloseError matches [ErrClosed] under [errors.Is].
//
// The zero value means "not closed".
type CloseError struct {
	// Code is the status code of the close frame the peer sent, or
	// [StatusNoStatusRcvd] when it sent none, or [StatusAbnormalClosure] when the
	// connection ended without a closing handshake.
	Code StatusCode
	// Reason is the reason text of the peer's close frame, if any.
	Reason string
	// WasClean reports whether the closing handshake completed.
	WasClean bool
}

// Error implements error.
func (e CloseError) Error() string {
	s := "wasmws: closed with " + e.Code.String()
	if e.Reason != "" {
		s += " " + strconv.Quote(e.Reason)
	}
	if !e.WasClean {
		s += " (unclean)"
	}
	return s
}

// Is reports whether [ErrClosed] matches target: a CloseError always means
// the connection is closed.
func (e CloseError) Is(target error) bool { return errors.Is(ErrClosed, target) }

// closedError is what Receive returns once a connection is closed and drained:
// the CloseError plus, when the SDK knows it, the cause (ErrReceiveOverflow,
// ErrMessageTooBig, a handshake error...).
type closedError struct {
	close CloseError
	cause error
}

func (e *closedError) Error() string {
	if e.cause == nil {
		return e.close.Error()
	}
	return e.close.Error() + ": " + errtree.Nested(e.cause)
}

func (e *closedError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.close}
	}
	return []error{e.close, e.cause}
}

// wrapErr returns an error that matches sentinel and says msg: the
// library's one wrapping idiom, [errtree.Wrap].
func wrapErr(sentinel error, msg string) error { return errtree.Wrap(sentinel, msg) }
