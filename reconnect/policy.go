package reconnect

import "github.com/wasmws/wasmws/sdk"

// DefaultShouldReconnect is the default of Options.ShouldReconnect. It
// reconnects after every close except:
//
//   - 1000 (normal closure) from the server: it ended the session on
//     purpose, and a connection that lived long would be reopened at once,
//     over and over;
//   - 1002, 1003, 1007, 1008, 1009, 1010: the peer refused what this client
//     sends or how; the same client would be refused again;
//   - 4008 and 4009 ([sdk.StatusReceiveOverflow], [sdk.StatusReadLimit]):
//     the SDK closed because of its own limits (1008 and 1009 in spirit).
//
// So it reconnects on 1001 (going away), 1005 (no code), 1006 (no closing
// handshake: the network or the server died), 1011-1015 (server error,
// restart, try again later, bad gateway) and on application codes
// 3000-4999 other than the SDK's own. Applications whose servers use 1000 to
// recycle connections, or 4xxx codes to refuse a client, pass their own
// ShouldReconnect.
func DefaultShouldReconnect(ce sdk.CloseError) bool {
	switch ce.Code {
	case sdk.StatusNormalClosure,
		sdk.StatusProtocolError, sdk.StatusUnsupportedData, sdk.StatusInvalidFramePayloadData,
		sdk.StatusPolicyViolation, sdk.StatusMessageTooBig, sdk.StatusMandatoryExtension,
		sdk.StatusReceiveOverflow, sdk.StatusReadLimit:
		return false
	}
	return true
}
