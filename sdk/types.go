package sdk

import "strconv"

// ReadyState is the state of a connection, numbered as the browser's
// WebSocket.readyState.
type ReadyState int

// The four states, in the only order a connection passes through them.
const (
	Connecting ReadyState = 0
	Open       ReadyState = 1
	Closing    ReadyState = 2
	Closed     ReadyState = 3
)

// String returns the state's name.
func (s ReadyState) String() string {
	switch s {
	case Connecting:
		return "Connecting"
	case Open:
		return "Open"
	case Closing:
		return "Closing"
	case Closed:
		return "Closed"
	}
	return "ReadyState(" + strconv.Itoa(int(s)) + ")"
}

// MessageType is the type of a WebSocket data message. The zero value is invalid.
type MessageType int

// The two data message types, numbered as their RFC 6455 opcodes.
const (
	Text   MessageType = 1
	Binary MessageType = 2
)

// String returns the type's name.
func (t MessageType) String() string {
	switch t {
	case Text:
		return "Text"
	case Binary:
		return "Binary"
	}
	return "MessageType(" + strconv.Itoa(int(t)) + ")"
}
