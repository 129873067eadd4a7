//go:build !js

package server

import (
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/coder/websocket"

	"github.com/wasmws/wasmws/internal/httptoken"
)

// Bounds on fault parameters, so that one query string cannot tie the server
// up for long or make it allocate without limit.
const (
	maxWait     = time.Minute // delay, hang, and how long a connection stays paused
	maxPush     = 1_000_000   // push
	maxPushSize = 64 << 20    // size
	maxReason   = 123         // reason: a close frame holds at most 125 bytes, 2 are the code
	maxRaw      = 4096        // raw, rawclose: bytes
)

// faults is what the query string of an /echo request asks for. The zero
// value asks for nothing: a plain echo.
type faults struct {
	closeCode  websocket.StatusCode // 0: no close fault
	reason     string
	closeAfter int

	drop      bool
	dropAfter int

	delay time.Duration

	pause  string // "": no pause
	resume string // "": resume nothing

	push     int
	size     int
	pushText bool

	reject int           // 0: accept the handshake
	hang   time.Duration // 0: answer at once

	protocol    string
	setProtocol bool // protocol was given, maybe empty: it overrides negotiation

	script      bool   // raw, rawclose or badaccept: a hostile peer's script, not an echo (raw.go)
	raw         string // bytes sent right after the 101
	rawClose    string // bytes sent in answer to the client's close frame...
	rawCloseSet bool   // ...if given; else the client's close payload is echoed
	badAccept   bool   // a wrong Sec-WebSocket-Accept in the 101
}

// faultParams lists every parameter parseFaults reads; each may be given once.
var faultParams = []string{
	"close", "reason", "after", "drop", "delay", "pause", "resume",
	"push", "size", "pushtype", "reject", "hang", "protocol", "raw", "rawclose", "badaccept",
}

// parseFaults reads the fault parameters of an /echo query (see the package
// documentation). Parameters it does not know are ignored. The error is one
// line, fit to be sent back as the body of a 400 response.
func parseFaults(q url.Values) (faults, error) {
	var f faults
	for _, k := range faultParams {
		if n := len(q[k]); n > 1 {
			return faults{}, fmt.Errorf("%s is given %d times; give it at most once", k, n)
		}
	}
	var err error
	get := func(k string) (string, bool) {
		v, ok := q[k]
		if !ok {
			return "", false
		}
		return v[0], true
	}

	if v, ok := get("close"); ok {
		code, err := strconv.Atoi(v)
		if err != nil || !sendableCloseCode(code) {
			return faults{}, fmt.Errorf("close=%q: want a close code a server may send: 1000-1003, 1007-1014 or 3000-4999", v)
		}
		f.closeCode = websocket.StatusCode(code)
	}
	if v, ok := get("reason"); ok {
		if f.closeCode == 0 {
			return faults{}, fmt.Errorf("reason is given without close")
		}
		if len(v) > maxReason || !utf8.ValidString(v) {
			return faults{}, fmt.Errorf("reason=%q: want valid UTF-8 of at most %d bytes", v, maxReason)
		}
		f.reason = v
	}
	if v, ok := get("after"); ok {
		if f.closeCode == 0 {
			return faults{}, fmt.Errorf("after is given without close")
		}
		if f.closeAfter, err = parseCount("after", v, maxPush); err != nil {
			return faults{}, err
		}
	}
	if v, ok := get("drop"); ok {
		if f.dropAfter, err = parseCount("drop", v, maxPush); err != nil {
			return faults{}, err
		}
		f.drop = true
	}
	if v, ok := get("delay"); ok {
		if f.delay, err = parseWait("delay", v); err != nil {
			return faults{}, err
		}
	}
	if v, ok := get("pause"); ok {
		if v == "" {
			return faults{}, fmt.Errorf("pause is empty: want a key, which resume=KEY names to resume")
		}
		f.pause = v
	}
	if v, ok := get("resume"); ok {
		if v == "" {
			return faults{}, fmt.Errorf("resume is empty: want the key given to pause")
		}
		f.resume = v
	}
	if v, ok := get("push"); ok {
		if f.push, err = parseCount("push", v, maxPush); err != nil {
			return faults{}, err
		}
	}
	if v, ok := get("size"); ok {
		if _, push := get("push"); !push {
			return faults{}, fmt.Errorf("size is given without push")
		}
		if f.size, err = parseCount("size", v, maxPushSize); err != nil {
			return faults{}, err
		}
	}
	if v, ok := get("pushtype"); ok {
		if _, push := get("push"); !push {
			return faults{}, fmt.Errorf("pushtype is given without push")
		}
		switch v {
		case "binary":
		case "text":
			f.pushText = true
		default:
			return faults{}, fmt.Errorf("pushtype=%q: want binary or text", v)
		}
	}
	if v, ok := get("reject"); ok {
		code, err := strconv.Atoi(v)
		if err != nil || code < 400 || code > 599 {
			return faults{}, fmt.Errorf("reject=%q: want an HTTP status from 400 to 599", v)
		}
		f.reject = code
	}
	if v, ok := get("hang"); ok {
		if f.hang, err = parseWait("hang", v); err != nil {
			return faults{}, err
		}
	}
	if v, ok := get("protocol"); ok {
		if v != "" && !httptoken.Valid(v) {
			return faults{}, fmt.Errorf("protocol=%q: want a subprotocol name (an HTTP token) or nothing", v)
		}
		f.protocol, f.setProtocol = v, true
	}
	for _, k := range []string{"raw", "rawclose"} {
		v, ok := get(k)
		if !ok {
			continue
		}
		b, err := hex.DecodeString(v)
		if err != nil || len(b) > maxRaw {
			return faults{}, fmt.Errorf("%s=%q: want at most %d bytes in hexadecimal", k, v, maxRaw)
		}
		f.script = true
		if k == "raw" {
			f.raw = string(b)
		} else {
			f.rawClose, f.rawCloseSet = string(b), true
		}
	}
	if v, ok := get("badaccept"); ok {
		if v != "1" {
			return faults{}, fmt.Errorf("badaccept=%q: want 1", v)
		}
		f.badAccept, f.script = true, true
	}
	if f.script && (f.closeCode != 0 || f.drop || f.delay != 0 || f.pause != "" || f.push != 0) {
		return faults{}, fmt.Errorf("raw, rawclose and badaccept script the connection: they combine with reject, hang, resume and protocol only")
	}
	return f, nil
}

// sendableCloseCode reports whether a server may put code in a close frame.
func sendableCloseCode(code int) bool {
	switch {
	case code >= 1000 && code <= 1003, code >= 1007 && code <= 1014:
		return true
	default:
		return code >= 3000 && code <= 4999
	}
}

// parseCount parses a decimal count in [0, max].
func parseCount(key, v string, max int) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > max {
		return 0, fmt.Errorf("%s=%q: want a whole number from 0 to %d", key, v, max)
	}
	return n, nil
}

// parseWait parses a duration in [0, maxWait].
func parseWait(key, v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 || d > maxWait {
		return 0, fmt.Errorf("%s=%q: want a duration from 0s to %v, such as 250ms", key, v, maxWait)
	}
	return d, nil
}
