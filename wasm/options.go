//go:build js && wasm

package main

import (
	"math"
	"time"

	"github.com/hack-pad/safejs"
	"github.com/wasmws/wasmws/internal/errtree"
	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// readOptions turns the options object of a ReconnectingWebSocket, as
// wasmws.js normalised it (numbers, booleans, a string or Uint8Array
// heartbeatMessage, a function shouldReconnect; anything absent undefined;
// resume and resumeWindow are reconnect's Resume and ResumeWindow),
// into reconnect.Options. Durations are milliseconds. JavaScript's
// conventions differ from Go's zero values where noted; the defaults and
// every check are reconnect's (reconnect.New reports what is invalid).
func readOptions(v safejs.Value) (reconnect.Options, error) {
	var o reconnect.Options
	get := func(name string) safejs.Value {
		if v.Type() != safejs.TypeObject {
			return safejs.Undefined()
		}
		x, err := v.Get(name)
		if err != nil {
			return safejs.Undefined()
		}
		return x
	}
	num := func(name string) (float64, bool) {
		x := get(name)
		if x.Type() != safejs.TypeNumber {
			return 0, false
		}
		f, _ := x.Float()
		return f, true
	}
	var err error
	invalid := func(name string) {
		if err == nil {
			err = errtree.Wrap(sdk.ErrInvalidOptions, name+" must be a non-negative number")
		}
	}
	// A zero delay means "at once" in JavaScript; Go's zero means the default.
	delay := func(name string, dst *time.Duration, zeroIsDefault bool) {
		ms, ok := num(name)
		switch {
		case !ok:
		case ms < 0 || math.IsNaN(ms):
			invalid(name)
		case ms == 0 && !zeroIsDefault:
			*dst = time.Nanosecond
		case math.IsInf(ms, 1):
			*dst = math.MaxInt64
		default:
			*dst = time.Duration(ms * float64(time.Millisecond))
		}
	}
	delay("minReconnectionDelay", &o.MinDelay, false)
	delay("maxReconnectionDelay", &o.MaxDelay, false)
	delay("minUptime", &o.MinUptime, false)
	delay("connectionTimeout", &o.ConnectTimeout, true)
	delay("heartbeatInterval", &o.HeartbeatInterval, true)
	delay("heartbeatTimeout", &o.HeartbeatTimeout, true)
	if f, ok := num("reconnectionDelayGrowFactor"); ok {
		o.Factor = f
	}
	if f, ok := num("jitter"); ok {
		o.Jitter = f
		if f == 0 {
			o.Jitter = reconnect.NoJitter
		}
	}
	// maxRetries counts retries; MaxRetries counts failed attempts.
	if f, ok := num("maxRetries"); ok && !math.IsInf(f, 1) {
		if f < 0 || math.IsNaN(f) {
			invalid("maxRetries")
		}
		o.MaxRetries = int(f) + 1
	}
	if f, ok := num("maxEnqueuedMessages"); ok && !math.IsInf(f, 1) {
		o.MaxQueuedMessages = int(f)
	}
	if f, ok := num("maxEnqueuedBytes"); ok && !math.IsInf(f, 1) {
		o.MaxQueuedBytes = int64(f)
	}
	if f, ok := num("highWaterMark"); ok {
		o.HighWaterMark = int64(f)
	}
	if f, ok := num("lowWaterMark"); ok {
		o.LowWaterMark = int64(f)
	}
	if hb := get("heartbeatMessage"); hb.Type() == safejs.TypeString || hb.Type() == safejs.TypeObject {
		typ, p, perr := payload(hb)
		if perr != nil || len(p) == 0 {
			err = errtree.Wrap(sdk.ErrInvalidOptions, "heartbeatMessage must be a non-empty string or buffer")
		}
		o.HeartbeatMessage, o.HeartbeatType = p, typ
	}
	if fn := get("shouldReconnect"); fn.Type() == safejs.TypeFunction {
		o.ShouldReconnect = shouldReconnect(fn)
	}
	o.StartClosed, _ = get("startClosed").Bool()
	o.Resume, _ = get("resume").Bool()
	if f, ok := num("resumeWindow"); ok {
		o.ResumeWindow = int64(f) // wasmws.js checked it: 0 (the default) to 2^53-1
	}
	return o, err
}

// shouldReconnect wraps the shouldReconnect option, which gets an object
// {code, reason, wasClean} like a CloseEvent. If it throws, the default
// applies.
func shouldReconnect(fn safejs.Value) func(sdk.CloseError) bool {
	return func(ce sdk.CloseError) bool {
		ev := map[string]any{"code": int(ce.Code), "reason": ce.Reason, "wasClean": ce.WasClean}
		v, err := fn.Invoke(ev)
		if err != nil {
			consoleError("wasmws: shouldReconnect threw: " + err.Error())
			return reconnect.DefaultShouldReconnect(ce)
		}
		ok, _ := v.Truthy()
		return ok
	}
}
