//go:build !js

package browser

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/chromedp/cdproto/runtime"
)

// formatArgs renders the arguments of a console call as one line of text:
// format verbs in a first string argument take the arguments after it, and
// the rest are joined by spaces.
func formatArgs(args []*runtime.RemoteObject) string {
	var parts []string
	if len(args) > 0 && args[0] != nil && args[0].Type == runtime.RemoteObjectTypeString {
		format := formatValue(args[0])
		args = args[1:]
		if strings.Contains(format, "%") {
			format, args = applyVerbs(format, args)
		}
		parts = append(parts, format)
	}
	for _, a := range args {
		parts = append(parts, formatValue(a))
	}
	return strings.Join(parts, " ")
}

// applyVerbs replaces the console format verbs in format with the arguments
// they take, and returns the arguments left over.
func applyVerbs(format string, args []*runtime.RemoteObject) (string, []*runtime.RemoteObject) {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 == len(format) {
			b.WriteByte(c)
			continue
		}
		verb := format[i+1]
		switch {
		case verb == '%':
			b.WriteByte('%')
		case !strings.ContainsRune("sdifoOc", rune(verb)) || len(args) == 0:
			b.WriteByte(c)
			continue
		case verb == 'c': // CSS: prints nothing
			args = args[1:]
		case verb == 'd' || verb == 'i':
			b.WriteString(formatNumber(args[0], true))
			args = args[1:]
		case verb == 'f':
			b.WriteString(formatNumber(args[0], false))
			args = args[1:]
		default:
			b.WriteString(formatValue(args[0]))
			args = args[1:]
		}
		i++
	}
	return b.String(), args
}

// formatNumber renders an argument of %d, %i (integer) or %f.
func formatNumber(o *runtime.RemoteObject, integer bool) string {
	if o == nil || o.Type != runtime.RemoteObjectTypeNumber {
		return "NaN"
	}
	if o.UnserializableValue != "" {
		return string(o.UnserializableValue)
	}
	f, err := strconv.ParseFloat(string(o.Value), 64)
	if err != nil {
		return "NaN"
	}
	if integer {
		f = float64(int64(f))
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// formatValue renders one value: a string as it is, a primitive by its
// value, an object by a short preview of its properties or its description
// (an Error's description is its stack).
func formatValue(o *runtime.RemoteObject) string {
	if o == nil {
		return "null"
	}
	switch {
	case o.Type == runtime.RemoteObjectTypeString:
		var s string
		if json.Unmarshal(o.Value, &s) == nil {
			return s
		}
	case o.Type == runtime.RemoteObjectTypeUndefined:
		return "undefined"
	case o.Subtype == runtime.RemoteObjectSubtypeNull:
		return "null"
	case o.UnserializableValue != "":
		return string(o.UnserializableValue)
	case o.Preview != nil && o.Subtype != runtime.RemoteObjectSubtypeError:
		return formatPreview(o.Preview)
	}
	if o.Description != "" {
		return o.Description
	}
	if len(o.Value) > 0 {
		return string(o.Value)
	}
	return string(o.Type)
}

// formatPreview renders an object preview as {a: 1, b: "x"} or [1, 2].
func formatPreview(p *runtime.ObjectPreview) string {
	isArray := p.Subtype == runtime.ObjectPreviewSubtypeArray
	var items []string
	for _, prop := range p.Properties {
		v := prop.Value
		if prop.Type == runtime.PropertyPreviewTypeString {
			v = strconv.Quote(v)
		}
		if !isArray {
			v = prop.Name + ": " + v
		}
		items = append(items, v)
	}
	if p.Overflow {
		items = append(items, "…")
	}
	body := strings.Join(items, ", ")
	switch {
	case isArray:
		return "[" + body + "]"
	case p.Description == "Object":
		return "{" + body + "}"
	default:
		return p.Description + " {" + body + "}"
	}
}
