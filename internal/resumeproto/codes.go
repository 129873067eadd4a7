package resumeproto

// Subprotocol is the name offered and selected in Sec-WebSocket-Protocol.
const Subprotocol = "wasmws.resume.v1"

// Close codes of the protocol (PROTOCOL.md § 8), all browser-legal.
const (
	CloseSessionEnded = 1000 // after BYE
	CloseProtocol     = 4400 // protocol violation
	CloseRefused      = 4401 // resume refused
	CloseHelloTimeout = 4408 // no HELLO in time
	CloseSuperseded   = 4409 // another connection resumed the session
	CloseServerFull   = 4503 // no room for a new session
)

// Limits of the encoding (PROTOCOL.md § 2).
const (
	MaxUint         = 1<<53 - 1 // largest integer field
	MinToken        = 16        // token bytes, when not empty
	MaxToken        = 64
	MaxProtocols    = 32
	MaxProtocolName = 128
)
