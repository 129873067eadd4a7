//go:build !js

package browser

import (
	"testing"

	"github.com/chromedp/cdproto/runtime"
)

func TestFormatArgs(t *testing.T) {
	t.Parallel()
	str := func(s string) *runtime.RemoteObject {
		return &runtime.RemoteObject{Type: runtime.RemoteObjectTypeString, Value: []byte(`"` + s + `"`)}
	}
	num := func(v string) *runtime.RemoteObject {
		return &runtime.RemoteObject{Type: runtime.RemoteObjectTypeNumber, Value: []byte(v)}
	}
	obj := &runtime.RemoteObject{
		Type: runtime.RemoteObjectTypeObject, Description: "Object",
		Preview: &runtime.ObjectPreview{
			Type: runtime.ObjectPreviewTypeObject, Description: "Object",
			Properties: []*runtime.PropertyPreview{
				{Name: "a", Type: runtime.PropertyPreviewTypeNumber, Value: "1"},
				{Name: "b", Type: runtime.PropertyPreviewTypeString, Value: "x"},
			},
		},
	}
	arr := &runtime.RemoteObject{
		Type: runtime.RemoteObjectTypeObject, Subtype: runtime.RemoteObjectSubtypeArray, Description: "Array(2)",
		Preview: &runtime.ObjectPreview{
			Type: runtime.ObjectPreviewTypeObject, Subtype: runtime.ObjectPreviewSubtypeArray, Description: "Array(2)",
			Properties: []*runtime.PropertyPreview{
				{Name: "0", Type: runtime.PropertyPreviewTypeNumber, Value: "1"},
				{Name: "1", Type: runtime.PropertyPreviewTypeNumber, Value: "2"},
			},
		},
	}
	errObj := &runtime.RemoteObject{
		Type: runtime.RemoteObjectTypeObject, Subtype: runtime.RemoteObjectSubtypeError,
		Description: "Error: boom\n    at f",
		Preview:     &runtime.ObjectPreview{Description: "Error: boom"},
	}
	testCases := []struct {
		name string
		args []*runtime.RemoteObject
		want string
	}{
		{name: "none", want: ""},
		{name: "strings", args: []*runtime.RemoteObject{str("a"), str("b")}, want: "a b"},
		{name: "numbers", args: []*runtime.RemoteObject{num("1"), num("2.5")}, want: "1 2.5"},
		{name: "verbs", args: []*runtime.RemoteObject{str("%s=%d%% %f%c!"), str("x"), num("3.7"), num("0.5"), str("color: red"), str("rest")}, want: "x=3% 0.5! rest"},
		{name: "verb without arg", args: []*runtime.RemoteObject{str("%s and %d")}, want: "%s and %d"},
		{name: "unknown verb", args: []*runtime.RemoteObject{str("100%x"), num("1")}, want: "100%x 1"},
		{name: "object", args: []*runtime.RemoteObject{str("v:"), obj}, want: `v: {a: 1, b: "x"}`},
		{name: "array", args: []*runtime.RemoteObject{arr}, want: "[1, 2]"},
		{name: "error", args: []*runtime.RemoteObject{errObj}, want: "Error: boom\n    at f"},
		{name: "special", args: []*runtime.RemoteObject{
			{Type: runtime.RemoteObjectTypeUndefined},
			{Type: runtime.RemoteObjectTypeObject, Subtype: runtime.RemoteObjectSubtypeNull},
			{Type: runtime.RemoteObjectTypeNumber, UnserializableValue: "NaN"},
			{Type: runtime.RemoteObjectTypeBigint, UnserializableValue: "7n"},
			{Type: runtime.RemoteObjectTypeBoolean, Value: []byte("true")},
			{Type: runtime.RemoteObjectTypeFunction, Description: "() => 1"},
			nil,
		}, want: "undefined null NaN 7n true () => 1 null"},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := formatArgs(tc.args); got != tc.want {
				t.Errorf("formatArgs = %q want %q", got, tc.want)
			}
		})
	}
}
