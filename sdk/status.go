package sdk

import "strconv"

// StatusCode is a WebSocket close code (RFC 6455 section 7.4, IANA registry).
type StatusCode int

// Close codes of RFC 6455 and the IANA registry.
const (
	StatusNormalClosure           StatusCode = 1000
	StatusGoingAway               StatusCode = 1001
	StatusProtocolError           StatusCode = 1002
	StatusUnsupportedData         StatusCode = 1003
	StatusNoStatusRcvd            StatusCode = 1005 // never sent: no code in the close frame
	StatusAbnormalClosure         StatusCode = 1006 // never sent: no closing handshake
	StatusInvalidFramePayloadData StatusCode = 1007
	StatusPolicyViolation         StatusCode = 1008
	StatusMessageTooBig           StatusCode = 1009
	StatusMandatoryExtension      StatusCode = 1010
	StatusInternalError           StatusCode = 1011
	StatusServiceRestart          StatusCode = 1012
	StatusTryAgainLater           StatusCode = 1013
	StatusBadGateway              StatusCode = 1014
	StatusTLSHandshake            StatusCode = 1015 // never sent
)

// Close codes the SDK itself sends. Browsers let page code close only with
// 1000 or 3000-4999, so the SDK never sends 1001, 1008, 1009 or 1011 (which the
// browser's close() rejects with an exception); it uses 4000 plus the RFC code
// it stands for, on both targets.
const (
	// StatusReceiveOverflow (4008, for 1008) closes a connection whose unread
	// messages exceeded Options.ReceiveBuffer in the browser.
	StatusReceiveOverflow StatusCode = 4008
	// StatusReadLimit (4009, for 1009) closes a connection that received a
	// message larger than Options.ReadLimit.
	StatusReadLimit StatusCode = 4009
)

var statusNames = map[StatusCode]string{
	StatusNormalClosure:           "NormalClosure",
	StatusGoingAway:               "GoingAway",
	StatusProtocolError:           "ProtocolError",
	StatusUnsupportedData:         "UnsupportedData",
	StatusNoStatusRcvd:            "NoStatusRcvd",
	StatusAbnormalClosure:         "AbnormalClosure",
	StatusInvalidFramePayloadData: "InvalidFramePayloadData",
	StatusPolicyViolation:         "PolicyViolation",
	StatusMessageTooBig:           "MessageTooBig",
	StatusMandatoryExtension:      "MandatoryExtension",
	StatusInternalError:           "InternalError",
	StatusServiceRestart:          "ServiceRestart",
	StatusTryAgainLater:           "TryAgainLater",
	StatusBadGateway:              "BadGateway",
	StatusTLSHandshake:            "TLSHandshake",
	StatusReceiveOverflow:         "ReceiveOverflow",
	StatusReadLimit:               "ReadLimit",
}

// String returns the code's name and number, such as "NormalClosure(1000)".
func (c StatusCode) String() string {
	n := strconv.Itoa(int(c))
	if name, ok := statusNames[c]; ok {
		return name + "(" + n + ")"
	}
	return "StatusCode(" + n + ")"
}
