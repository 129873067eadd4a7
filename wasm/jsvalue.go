//go:build js && wasm

package main

import (
	"errors"
	"unsafe"

	"github.com/hack-pad/safejs"
	"github.com/wasmws/wasmws/sdk"
)

// newObject returns a new, empty JavaScript object.
func newObject() (safejs.Value, error) {
	ctor, err := safejs.Global().Get("Object")
	if err != nil {
		return safejs.Value{}, err
	}
	return ctor.New()
}

// arg returns args[i], or undefined.
func arg(args []safejs.Value, i int) safejs.Value {
	if i < len(args) {
		return args[i]
	}
	return safejs.Undefined()
}

// argFloat returns args[i] as a number, or 0 if it is not one.
func argFloat(args []safejs.Value, i int) float64 {
	v := arg(args, i)
	if v.Type() != safejs.TypeNumber {
		return 0
	}
	f, _ := v.Float()
	return f
}

// argInt returns args[i] as an int, or 0.
func argInt(args []safejs.Value, i int) int { return int(argFloat(args, i)) }

// argString returns args[i] as a string, or "" if it is not one.
func argString(args []safejs.Value, i int) string {
	v := arg(args, i)
	if v.Type() != safejs.TypeString {
		return ""
	}
	s, _ := v.String()
	return s
}

// argStrings returns args[i], an array of strings, as a slice.
func argStrings(args []safejs.Value, i int) []string {
	v := arg(args, i)
	if v.Type() != safejs.TypeObject {
		return nil
	}
	n, err := v.Length()
	if err != nil {
		return nil
	}
	out := make([]string, 0, n)
	for j := range n {
		e, err := v.Index(j)
		if err != nil {
			return nil
		}
		s, _ := e.String()
		out = append(out, s)
	}
	return out
}

// errNotPayload reports a value wasmws.js should have converted first.
var errNotPayload = errors.New("wasmws: a payload must be a string or a Uint8Array")

// payload copies a message given by wasmws.js into Go memory: a string is a
// Text message, a Uint8Array a Binary one.
func payload(v safejs.Value) (sdk.MessageType, []byte, error) {
	switch v.Type() {
	case safejs.TypeString:
		s, err := v.String()
		if err != nil {
			return 0, nil, err
		}
		// s is a fresh copy referenced nowhere else: its bytes can be the
		// message (reconnect.Client.Send copies them again anyway).
		return sdk.Text, unsafe.Slice(unsafe.StringData(s), len(s)), nil
	case safejs.TypeObject:
		n, err := v.Get("byteLength")
		if err != nil {
			return 0, nil, err
		}
		size, err := n.Int()
		if err != nil {
			return 0, nil, errNotPayload
		}
		p := make([]byte, size)
		if _, err := safejs.CopyBytesToGo(p, v); err != nil {
			return 0, nil, errNotPayload
		}
		return sdk.Binary, p, nil
	}
	return 0, nil, errNotPayload
}

// jsPayload returns a received message as wasmws.js expects it: a string,
// or a Uint8Array of its own.
func jsPayload(typ sdk.MessageType, p []byte) (safejs.Value, error) {
	if typ == sdk.Text {
		return safejs.ValueOf(string(p))
	}
	ctor, err := safejs.Global().Get("Uint8Array")
	if err != nil {
		return safejs.Value{}, err
	}
	u8, err := ctor.New(len(p))
	if err != nil {
		return safejs.Value{}, err
	}
	_, err = safejs.CopyBytesToJS(u8, p)
	return u8, err
}

// call calls method name of v and reports a failure on the console: the
// methods called are wasmws.js's own and never throw unless the page broke
// them.
func call(v safejs.Value, name string, args ...any) {
	if _, err := v.Call(name, args...); err != nil {
		consoleError("wasmws: calling " + name + ": " + err.Error())
	}
}

// consoleError writes msg to the console as an error.
func consoleError(msg string) {
	if c, err := safejs.Global().Get("console"); err == nil {
		_, _ = c.Call("error", msg)
	}
}
