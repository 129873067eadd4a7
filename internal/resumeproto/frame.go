package resumeproto

import (
	"math"
	"unicode/utf8"
)

// Kind is the first byte of a frame.
type Kind byte

// The frame kinds (PROTOCOL.md § 2).
const (
	KindHello   Kind = 0x01
	KindWelcome Kind = 0x02
	KindData    Kind = 0x03
	KindAck     Kind = 0x04
	KindBye     Kind = 0x05
)

// Status is WELCOME's answer to HELLO.
type Status byte

// The WELCOME statuses (PROTOCOL.md § 4).
const (
	StatusNew     Status = 0 // HELLO had no token
	StatusResumed Status = 1
	StatusUnknown Status = 2 // no such session: expired or never existed
	StatusRefused Status = 3 // the token was refused
	maxStatus            = StatusRefused
	TypeText             = 1 // DATA type of a text message
	TypeBinary           = 2 // DATA type of a binary message
)

// Frame is one decoded frame. Which fields are used depends on Kind (see
// PROTOCOL.md § 2); the others are zero. Token, Payload and Protocols alias
// the parsed message. The zero value is not a valid frame.
type Frame struct {
	Kind Kind

	Ack, Limit uint64 // HELLO, WELCOME, DATA, ACK

	Token     []byte   // HELLO (may be empty), WELCOME
	Protocols []string // HELLO

	Status          Status // WELCOME
	Epoch           uint64 // WELCOME
	Protocol        string // WELCOME
	OldAck, OldSent uint64 // WELCOME: value + 1, 0 for unknown

	Type    byte   // DATA: TypeText or TypeBinary
	Seq     uint64 // DATA
	Payload []byte // DATA (its length prefix is implicit)
}

// Append appends the encoding of f to dst. It encodes what it is given:
// callers keep the fields in range (Parse refuses what is not).
func Append(dst []byte, f *Frame) []byte {
	dst = append(dst, byte(f.Kind))
	switch f.Kind {
	case KindHello:
		dst = appendBytes(dst, f.Token)
		dst = appendUint(dst, f.Ack)
		dst = appendUint(dst, f.Limit)
		dst = appendUint(dst, uint64(len(f.Protocols)))
		for _, p := range f.Protocols {
			dst = appendString(dst, p)
		}
	case KindWelcome:
		dst = append(dst, byte(f.Status))
		dst = appendBytes(dst, f.Token)
		dst = appendUint(dst, f.Epoch)
		dst = appendUint(dst, f.Ack)
		dst = appendUint(dst, f.Limit)
		dst = appendString(dst, f.Protocol)
		dst = appendUint(dst, f.OldAck)
		dst = appendUint(dst, f.OldSent)
	case KindData:
		dst = AppendDataHeader(dst, f.Type, f.Seq, f.Ack, f.Limit, len(f.Payload))
		dst = append(dst, f.Payload...)
	case KindAck:
		dst = appendUint(dst, f.Ack)
		dst = appendUint(dst, f.Limit)
	}
	return dst
}

// AppendDataHeader appends the fields of a DATA frame that precede its
// payload's bytes: type, seq, ack, limit, and the payload's length n. The
// caller writes the kind byte before and the payload after.
func AppendDataHeader(dst []byte, typ byte, seq, ack, limit uint64, n int) []byte {
	dst = append(dst, typ)
	dst = appendUint(dst, seq)
	dst = appendUint(dst, ack)
	dst = appendUint(dst, limit)
	return appendUint(dst, uint64(n))
}

func appendBytes(dst, b []byte) []byte {
	dst = appendUint(dst, uint64(len(b)))
	return append(dst, b...)
}

func appendString(dst []byte, s string) []byte {
	dst = appendUint(dst, uint64(len(s)))
	return append(dst, s...)
}

// Parse decodes one frame from a WebSocket message. An error matches
// [ErrProtocol]. It checks every range of PROTOCOL.md § 2, including the
// UTF-8 of a text DATA payload.
func Parse(p []byte) (Frame, error) {
	r := reader{p: p}
	f := Frame{Kind: Kind(r.u8())}
	if r.err != nil {
		return Frame{}, r.err
	}
	switch f.Kind {
	case KindHello:
		f.Token = r.bytes(MaxToken, errToken)
		f.Ack = r.uint()
		f.Limit = r.uint()
		n := r.uint()
		if r.err == nil && n > MaxProtocols {
			r.fail(errProtocols)
		}
		for i := uint64(0); r.err == nil && i < n; i++ {
			b := r.bytes(MaxProtocolName, errProtocols)
			if r.err == nil && (len(b) == 0 || !utf8.Valid(b)) {
				r.fail(errProtocols)
			}
			f.Protocols = append(f.Protocols, string(b))
		}
		if r.err == nil && len(f.Token) != 0 && len(f.Token) < MinToken {
			r.fail(errToken)
		}
	case KindWelcome:
		f.Status = Status(r.u8())
		if r.err == nil && f.Status > maxStatus {
			r.fail(errStatus)
		}
		f.Token = r.bytes(MaxToken, errToken)
		if r.err == nil && len(f.Token) < MinToken {
			r.fail(errToken)
		}
		f.Epoch = r.uint()
		f.Ack = r.uint()
		f.Limit = r.uint()
		b := r.bytes(MaxProtocolName, errProtocols)
		if r.err == nil && !utf8.Valid(b) {
			r.fail(errProtocols)
		}
		f.Protocol = string(b)
		f.OldAck = r.uint()
		f.OldSent = r.uint()
	case KindData:
		r.dataFields(&f)
		f.Payload = r.bytes(math.MaxInt, errTruncated)
		r.checkText(&f)
	case KindAck:
		f.Ack = r.uint()
		f.Limit = r.uint()
	case KindBye:
	default:
		r.fail(errKind)
	}
	r.end()
	if r.err != nil {
		return Frame{}, r.err
	}
	return f, nil
}

// dataFields reads the fields of a DATA frame that precede its payload:
// type, seq, ack, limit.
func (r *reader) dataFields(f *Frame) {
	f.Type = r.u8()
	if r.err == nil && f.Type != TypeText && f.Type != TypeBinary {
		r.fail(errType)
	}
	f.Seq = r.uint()
	f.Ack = r.uint()
	f.Limit = r.uint()
}

// checkText fails if f is a text DATA whose payload is not UTF-8.
func (r *reader) checkText(f *Frame) {
	if r.err == nil && f.Type == TypeText && !utf8.Valid(f.Payload) {
		r.fail(errUTF8)
	}
}
