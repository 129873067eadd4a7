package sdk

import "context"

// transport is one connection's link to the network: the browser's WebSocket
// (transport_js.go) or coder/websocket (transport_notjs.go). Conn holds the
// shared logic (state machine, validation, receive queue, water marks) and
// drives a transport through this interface; the transport reports back
// through Conn's handle* methods, never while holding its own locks.
type transport interface {
	// send hands one validated message to the network. It never blocks. It is
	// called with Conn.mu held and only while the Conn is Open. When owned,
	// p belongs to the SDK (a Message's bytes, never changed) and may be
	// kept as it is; otherwise it is the caller's, who may reuse it once
	// send returns.
	send(typ MessageType, p []byte, owned bool) error

	// sendParts is send of the binary message head followed by body, both
	// the caller's (see package sendparts).
	sendParts(head, body []byte) error

	// bufferedAmount is the bytes accepted by send and not yet written to
	// the socket.
	bufferedAmount() int64

	// backlog is what the water marks compare against: bufferedAmount, or,
	// where the transport keeps its own queue, MessageOverhead per queued
	// message if that is more, so that a flood of empty messages is bounded
	// too.
	backlog() int64

	// backlogAbove reports whether backlog is above limit. Send asks it
	// before every message, so a transport may answer from a cheaper bound.
	backlogAbove(limit int64) bool

	// drainSignal returns a channel that becomes ready when backlog may have
	// fallen, and a func to release it.
	drainSignal() (<-chan struct{}, func())

	// close starts the closing handshake with code (0: no code) and reason,
	// after the messages already accepted.
	close(code StatusCode, reason string)

	// abort fails the connection now, without a closing handshake. The Conn
	// becomes Closed (CloseError 1006) promptly.
	abort()
}

// connectingAborter is implemented by transports whose abort, when Close is
// called while Connecting, can pass on Close's code and reason (the
// browser's close does).
type connectingAborter interface {
	abortConnecting(code StatusCode, reason string)
}

// pinger is implemented by transports that can send protocol pings.
type pinger interface {
	ping(ctx context.Context) error
}
