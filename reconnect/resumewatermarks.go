package reconnect

import (
	"math"

	"github.com/wasmws/wasmws/sdk"
)

// ResumeWaterMarkAllowance is how many bytes higher than sdk.Options says a
// connection's water marks (HighWaterMark and LowWaterMark) are when
// Options.Resume offers resume mode: room for the protocol's own bytes in
// the connection's BufferedAmount, the header of each DATA frame (11–20
// bytes) and the ACK and CREDIT frames between them.
//
// Without it, a message of exactly HighWaterMark bytes (or of an exact
// fraction of it) waits in resume mode where plain mode sends it: in plain
// mode, one 1 MiB message leaves BufferedAmount at 1 MiB, not above the
// default HighWaterMark, so a second one is accepted at once; in resume
// mode its frame is 15 bytes more, above it, and Send waits until the
// browser has sent down to LowWaterMark: half the messages in flight
// (bench/README.md, "Resume mode beside plain mode: the water marks").
//
// The water marks are chosen when the connection is dialled, before the
// server has selected a protocol, so a connection that falls back to plain
// mode has them too.
const ResumeWaterMarkAllowance = 4 << 10

// withResumeAllowance returns o with its water marks raised by
// ResumeWaterMarkAllowance, their defaults (sdk.DefaultHighWaterMark, a
// quarter of it) filled in first. o must be valid (see Options.Validate).
func withResumeAllowance(o sdk.Options) sdk.Options {
	high := o.HighWaterMark
	if high == 0 {
		high = sdk.DefaultHighWaterMark
	}
	low := o.LowWaterMark
	if low == 0 {
		low = high / 4
	}
	if high > math.MaxInt64-ResumeWaterMarkAllowance {
		return o // no room above it: no Send waits for that much anyway
	}
	o.HighWaterMark, o.LowWaterMark = high+ResumeWaterMarkAllowance, low+ResumeWaterMarkAllowance
	return o
}
