package sdk

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wasmws/wasmws/internal/httptoken"
)

// MaxCloseReason is the longest close reason, in UTF-8 bytes, that Close accepts
// (a control frame holds 125 bytes, two of them the code).
const MaxCloseReason = 123

// ValidateProtocols checks a list of subprotocols as the WebSocket constructor
// does: every entry must be a non-empty HTTP token (RFC 9110 section 5.6.2)
// and none may appear twice. The error matches ErrSyntax.
func ValidateProtocols(protocols []string) error {
	for i, p := range protocols {
		if !httptoken.Valid(p) {
			return wrapErr(ErrSyntax, "subprotocol "+strconv.Quote(p)+" is not a token")
		}
		for _, q := range protocols[:i] {
			if p == q {
				return wrapErr(ErrSyntax, "subprotocol "+strconv.Quote(p)+" offered twice")
			}
		}
	}
	return nil
}

// ValidateClose checks a close code and reason as WebSocket.close does: the
// code must be 1000 or in 3000-4999 (else ErrInvalidAccess), and the reason at
// most 123 bytes of valid UTF-8 (else ErrSyntax). A zero code means "no code"
// and is valid.
func ValidateClose(code StatusCode, reason string) error {
	if code != 0 && code != StatusNormalClosure && (code < 3000 || code > 4999) {
		return wrapErr(ErrInvalidAccess, "close code "+strconv.Itoa(int(code)))
	}
	if !utf8.ValidString(reason) {
		return wrapErr(ErrSyntax, "close reason is not valid UTF-8")
	}
	if len(reason) > MaxCloseReason {
		return wrapErr(ErrSyntax, "close reason is "+strconv.Itoa(len(reason))+" bytes, more than 123")
	}
	return nil
}

// ParseURL applies the WebSocket constructor's URL rules to an absolute URL
// and returns its serialization: leading and trailing spaces and control
// characters are trimmed and tabs and newlines removed, and slashes after the
// scheme are read as the WHATWG URL parser reads them; http and https become
// ws and wss; the scheme must then be ws
// or wss; a fragment (even an empty one) is an error; the host is lowercased,
// a default port dropped and an empty path becomes "/". Errors match
// ErrSyntax.
//
// It has no base URL, so a relative URL is an error. In the browser, New
// leaves URL parsing to the browser's own WebSocket, which resolves relative
// URLs against the page's base URL.
func ParseURL(raw string) (string, error) {
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
	s = normalizeSpecial(s)
	u, ok := parseURL(s)
	if !ok {
		return bad("is invalid")
	}
	switch u.scheme {
	case "ws", "wss":
	case "http":
		u.scheme = "ws"
	case "https":
		u.scheme = "wss"
	case "":
		return bad("is not absolute")
	default:
		return bad("has scheme " + strconv.Quote(u.scheme) + ", not ws, wss, http or https")
	}
	if u.host == "" {
		return bad("has no host")
	}
	host, port := splitHostPort(u.host)
	if host == "" || strings.ContainsAny(host, " %<>^|") {
		return bad("has an invalid host")
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n > 65535 {
			return bad("has an invalid port")
		}
		port = strconv.Itoa(n)
		if (u.scheme == "ws" && n == 80) || (u.scheme == "wss" && n == 443) {
			port = ""
		}
	}
	host = escape(strings.ToLower(host), encodeHost)
	if strings.IndexByte(host, ':') >= 0 {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	out := u.scheme + "://"
	if u.hasUser {
		out += escape(u.user, encodeUser)
		if u.hasPass {
			out += ":" + escape(u.password, encodeUser)
		}
		out += "@"
	}
	out += host
	if u.path == "" {
		out += "/"
	}
	out += u.path
	if u.hasQuery {
		out += "?" + u.query
	}
	return out, nil
}

// splitHostPort splits host[:port] at a colon followed only by digits, and
// takes the brackets off an IPv6 literal.
func splitHostPort(hostPort string) (host, port string) {
	host = hostPort
	if i := strings.LastIndexByte(host, ':'); i >= 0 && validOptionalPort(host[i:]) {
		host, port = host[:i], host[i+1:]
	}
	if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		host = host[1 : len(host)-1]
	}
	return host, port
}

// normalizeSpecial applies the WHATWG parser's rules for the special schemes
// ws, wss, http and https: any run of slashes or backslashes after the scheme
// stands for "//" ("ws:///h" is "ws://h/"), and a backslash before the query
// is a slash.
func normalizeSpecial(s string) string {
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok {
		return s
	}
	switch strings.ToLower(scheme) {
	case "ws", "wss", "http", "https":
	default:
		return s
	}
	rest = strings.TrimLeft(rest, `/\`)
	path, query, hasQuery := strings.Cut(rest, "?")
	path = strings.ReplaceAll(path, `\`, "/")
	if hasQuery {
		path += "?" + query
	}
	return scheme + "://" + path
}

// ValidateMessage reports whether Send accepts a message of type typ with
// payload p: typ must be Text or Binary, and Text must be valid UTF-8. The
// error matches ErrInvalidMessage.
func ValidateMessage(typ MessageType, p []byte) error {
	switch typ {
	case Binary:
		return nil
	case Text:
		if !utf8.Valid(p) {
			return wrapErr(ErrInvalidMessage, "text message is not valid UTF-8")
		}
		return nil
	}
	return wrapErr(ErrInvalidMessage, "message type "+typ.String())
}
