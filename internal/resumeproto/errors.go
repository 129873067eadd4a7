package resumeproto

import (
	"errors"

	"github.com/wasmws/wasmws/internal/errtree"
)

// ErrProtocol matches every violation of the protocol by the peer: a
// malformed frame, a gap in sequence numbers, an ack or limit beyond what is
// possible or going backwards, data beyond credit. The connection must be
// closed with [CloseProtocol].
var ErrProtocol = errors.New("wasmws: resume protocol violation")

// violation is an ErrProtocol with the particular reason, short enough for
// a close reason (at most 123 bytes).
type violation string

func (v violation) Error() string        { return "wasmws: resume protocol violation: " + string(v) }
func (v violation) Is(target error) bool { return target == ErrProtocol }

// Reason returns the text to put in the close frame for err: its particular
// reason if it is a violation, else "protocol violation".
func Reason(err error) string {
	if v, ok := errtree.As[violation](err); ok {
		return string(v)
	}
	return "protocol violation"
}

const (
	errTruncated    = violation("truncated frame")
	errTrailing     = violation("bytes after the last field")
	errVarint       = violation("integer too long or above 2^53-1")
	errKind         = violation("unknown frame kind")
	errToken        = violation("token length out of range")
	errProtocols    = violation("too many or bad protocols")
	errStatus       = violation("unknown WELCOME status")
	errType         = violation("unknown message type")
	errUTF8         = violation("text message is not UTF-8")
	errGap          = violation("sequence gap")
	errAckBeyond    = violation("ack beyond what was sent")
	errAckBackwards = violation("ack went backwards")
	errLimitBack    = violation("limit went backwards")
	errCredit       = violation("data beyond credit")
)
