// The reference below reads colons in an http host as it reads them in a ws
// host, as parseURL does (see urlparse.go).
//
//go:debug urlstrictcolons=0

package sdk

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// parseURLWithNetURL is ParseURL as it was written on net/url: the reference
// that parseURL must match.
func parseURLWithNetURL(raw string) (string, error) {
	s := strings.TrimFunc(raw, func(r rune) bool { return r <= ' ' })
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	bad := func(why string) (string, error) {
		return "", wrapErr(ErrSyntax, "URL "+strconv.Quote(raw)+" "+why)
	}
	if strings.IndexByte(s, '#') >= 0 {
		return bad("has a fragment")
	}
	u, err := url.Parse(normalizeSpecial(s))
	if err != nil {
		return bad("is invalid")
	}
	switch u.Scheme {
	case "ws", "wss":
	case "http":
		u.Scheme = "ws"
	case "https":
		u.Scheme = "wss"
	case "":
		return bad("is not absolute")
	default:
		return bad("has scheme " + strconv.Quote(u.Scheme) + ", not ws, wss, http or https")
	}
	if u.Opaque != "" || u.Host == "" {
		return bad("has no host")
	}
	host, port := u.Hostname(), u.Port()
	if host == "" || strings.ContainsAny(host, " %<>^|") {
		return bad("has an invalid host")
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n > 65535 {
			return bad("has an invalid port")
		}
		port = strconv.Itoa(n)
		if (u.Scheme == "ws" && n == 80) || (u.Scheme == "wss" && n == 443) {
			port = ""
		}
	}
	host = strings.ToLower(host)
	if strings.IndexByte(host, ':') >= 0 {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String(), nil
}

// urlCases are inputs that reach each branch of url.Parse.
var urlCases = []string{
	"ws://example.com/", "http://a:80/b?c#d", "wss://[::1]:443", "  WS://A.B/\t", "ws://a:99999",
	"ftp://x", "/rel", "ws:///x", "ws://a b/", "ws://%41/", "ws://user:pw@h/p?q",
	"", "*", ":x", "1ws://h/", "w+s://h/", "foo:bar", "foo:/bar", "foo://h:x/", "foo:%zz", "foo:/%zz",
	"//h/x", "///h/x", "//h:x/", "a:b/c", "a/b:c", "x?y:z", "%zz",
	"ws://h", "ws://h?", "ws://h??", "ws://h/?a?b", "ws://h?x/y", "ws:h", "WSS:h", "HtTp:\\\\h\\p?q\\r",
	"ws://h:", "ws://h:0080/", "ws://h:00000000000000000000443", "ws://h:65535", "ws://h:65536",
	"ws://h:99999999999999999999999", "ws://:80/", "ws://@h", "ws://@/", "ws://u@/", "ws://u:@h",
	"ws://:p@h", "ws://u:p:q@h", "ws://a@b@h/", "ws://u%40x:p%3a@h/", "ws://u%zz@h/", "ws://u!$&'()*+,;=~@h/",
	"ws://ü@h/", "ws://u/v@h/", "ws://a:b:80/", "http://a:b:80/", "ws://a:b/", "ws://a:/", "ws://a::/",
	"ws://%C3%9C/", "ws://Ü.de/", "ws://ÜBER.DE:8080/", "ws://%ff/", "ws://\xffA/", "ws://%25/", "ws://a%2541/",
	"ws://%7f/", "ws://%80/", "ws://%8/", "ws://a\"b/", "ws://a<b/", "ws://a>b/", "ws://a^b/", "ws://a|b/",
	"ws://a!$&'()*+,;=b/", "ws://a]b/", "ws://a[b/", "ws://[a/", "ws://[::1/", "ws://[::1]x/", "ws://[::1]:/",
	"ws://[::1]:8080/p", "ws://[::1]:80", "ws://[::]/", "ws://[::FFFF:1.2.3.4]/", "ws://[::ffff:1.2.3.04]/",
	"ws://[::ffff:1.2.3]/", "ws://[::ffff:1.2.3.4.5]/", "ws://[::ffff:1.2.3.256]/", "ws://[::ffff:1..3.4]/",
	"ws://[1:2:3:4:5:6:1.2.3.4]/", "ws://[1:2:3:4:5:6:7:1.2.3.4]/", "ws://[1:2:3:4:5:1.2.3.4]/",
	"ws://[1:2:3:4:5:6:7:8]/", "ws://[1:2:3:4:5:6:7:8:9]/", "ws://[1:2:3:4:5:6:7::]/", "ws://[::1:2:3:4:5:6:7:8]/",
	"ws://[1::2::3]/", "ws://[12345::]/", "ws://[1:2]/", "ws://[1:]/", "ws://[:1]/", "ws://[1.2.3.4]/",
	"ws://[fe80::1%25eth0]/", "ws://[fe80::1%25]/", "ws://[fe80::1%25%25]/", "ws://[fe80::1%25a%20b]/",
	"ws://[fe80::1%25a%2Fb]/", "ws://[fe80::1%25a%C3%BC]/", "ws://[fe80::1%25a b]/", "ws://[fe80::1%25a/b]/",
	"ws://[%3A%3A1]/", "ws://[::%C3]/", "ws://[%25::1]/", "ws://[::1%eth0]/", "ws://[a.b:c]/", "ws://[0x1::]/",
	"ws://h/a b", "ws://h/%zz", "ws://h/%2", "ws://h/a%2fb", "ws://h/\xff", "ws://h/ü", "ws://h/a%20b",
	"ws://h/[x]", "ws://h/!$&'()*+,;=:@", "ws://h/\"<>^`{|}", "ws://h/%41%42", "ws://h/a\\b?c\\d",
	"ws://h/?q=a b&ü=%zz", "ws://h/\x01", "ws://h/\x7f", "ws://h\x00/", "\x00ws://h/", "ws://h/\tx\ny\rz",
	"ws://h/#", "ws://h/#x", "ws:////h//p//", "ws:\\/\\h", "wss://H.example:443/", "https://h:443/x",
	"http://h:80/x", "ws://h:443/", "wss://h:80/", "ws://xn--tda.com/", "ws://h.example.com./",
}

// TestParseURLMatchesNetURL checks ParseURL against its net/url reference:
// the same URL, or the same error text.
func TestParseURLMatchesNetURL(t *testing.T) {
	for _, raw := range urlCases {
		checkParseURL(t, raw)
	}
}

// TestParseURLSchemeError checks that a scheme ParseURL refuses is named,
// with every scheme it takes (http and https become ws and wss).
func TestParseURLSchemeError(t *testing.T) {
	_, err := ParseURL("ftp://x/")
	if !errors.Is(err, ErrSyntax) || !strings.Contains(err.Error(), `has scheme "ftp", not ws, wss, http or https`) {
		t.Errorf("ParseURL(ftp://x/) = %v, want ErrSyntax naming ws, wss, http and https", err)
	}
}

func FuzzParseURLMatchesNetURL(f *testing.F) {
	for _, raw := range urlCases {
		f.Add(raw)
	}
	f.Fuzz(checkParseURL)
}

func checkParseURL(t *testing.T, raw string) {
	got, gotErr := ParseURL(raw)
	want, wantErr := parseURLWithNetURL(raw)
	if got != want || errText(gotErr) != errText(wantErr) {
		t.Errorf("ParseURL(%q) = %q, %v; net/url says %q, %v", raw, got, gotErr, want, wantErr)
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
