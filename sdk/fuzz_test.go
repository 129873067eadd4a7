package sdk_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wasmws/wasmws/sdk"
)

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{
		"ws://example.com/", "http://a:80/b?c#d", "wss://[::1]:443", "  WS://A.B/\t", "ws://a:99999",
		"ftp://x", "/rel", "ws:///x", "ws://a b/", "ws://%41/", "ws://user:pw@h/p?q",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := sdk.ParseURL(raw)
		if err != nil {
			if !errors.Is(err, sdk.ErrSyntax) {
				t.Fatalf("ParseURL(%q) = %v, not ErrSyntax", raw, err)
			}
			return
		}
		if !strings.HasPrefix(u, "ws://") && !strings.HasPrefix(u, "wss://") {
			t.Fatalf("ParseURL(%q) = %q, not ws or wss", raw, u)
		}
		if strings.Contains(u, "#") {
			t.Fatalf("ParseURL(%q) = %q has a fragment", raw, u)
		}
		again, err := sdk.ParseURL(u)
		if err != nil || again != u {
			t.Fatalf("ParseURL(ParseURL(%q) = %q) = %q, %v: not a fixed point", raw, u, again, err)
		}
	})
}

func FuzzValidateProtocols(f *testing.F) {
	f.Add("chat", "echo-protocol")
	f.Add("a b", "")
	f.Add("x", "x")
	f.Fuzz(func(t *testing.T, a, b string) {
		err := sdk.ValidateProtocols([]string{a, b})
		if err != nil && !errors.Is(err, sdk.ErrSyntax) {
			t.Fatalf("ValidateProtocols(%q, %q) = %v, not ErrSyntax", a, b, err)
		}
		if a == b && err == nil {
			t.Fatalf("ValidateProtocols(%q, %q) accepted a duplicate", a, b)
		}
		if err == nil && strings.ContainsAny(a+b, " ,\"/;=") {
			t.Fatalf("ValidateProtocols(%q, %q) accepted a separator", a, b)
		}
	})
}

func FuzzValidateClose(f *testing.F) {
	f.Add(1000, "")
	f.Add(1001, "x")
	f.Add(4000, strings.Repeat("é", 62))
	f.Fuzz(func(t *testing.T, code int, reason string) {
		err := sdk.ValidateClose(sdk.StatusCode(code), reason)
		codeOK := code == 0 || code == 1000 || (code >= 3000 && code <= 4999)
		reasonOK := utf8.ValidString(reason) && len(reason) <= sdk.MaxCloseReason
		switch {
		case !codeOK:
			if !errors.Is(err, sdk.ErrInvalidAccess) {
				t.Fatalf("ValidateClose(%d, %q) = %v, want ErrInvalidAccess", code, reason, err)
			}
		case !reasonOK:
			if !errors.Is(err, sdk.ErrSyntax) {
				t.Fatalf("ValidateClose(%d, %q) = %v, want ErrSyntax", code, reason, err)
			}
		case err != nil:
			t.Fatalf("ValidateClose(%d, %q) = %v, want nil", code, reason, err)
		}
	})
}
