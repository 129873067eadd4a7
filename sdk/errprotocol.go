package sdk

import "errors"

// ErrProtocol reports that the peer broke the WebSocket protocol (RFC 6455) in
// a way a browser refuses: a masked frame from a server, a close frame whose
// code may not be sent or whose reason is not UTF-8, a handshake answer with
// a wrong Sec-WebSocket-Accept or a subprotocol or extension that was not
// offered. The connection fails at once, without a closing handshake: its
// [CloseError] is [StatusAbnormalClosure], not clean, as in the browser.
//
// # WebAssembly
//
// The browser makes the same checks but tells a page only that the
// connection closed with 1006, so in the browser no error matches
// ErrProtocol: Receive and Dial report the bare CloseError.
var ErrProtocol = errors.New("wasmws: protocol violation by the peer")
