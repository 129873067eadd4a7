package sdk

import "strings"

// This file is the part of net/url's Parse and URL.String that ParseURL needs,
// so that the browser build does not link net/url (nor the net/netip, unique
// and weak it brings). It accepts and rejects exactly what url.Parse does,
// with two fixed choices: the input has no fragment (ParseURL rejects those
// first), and colons in a host are read as url.Parse reads them for ws and
// wss, whatever the urlstrictcolons GODEBUG setting (which only changes http
// and https). TestParseURLMatchesNetURL compares the two.

// rawURL is what parseURL finds in a URL: the fields of a url.URL that
// ParseURL reads.
type rawURL struct {
	scheme   string // lower case; empty for a relative URL
	host     string // unescaped host[:port], as url.URL.Host
	user     string // unescaped user name, if hasUser
	password string // unescaped password, if hasPass
	path     string // escaped path, as url.URL.EscapedPath
	query    string // raw query, if hasQuery
	hasUser  bool
	hasPass  bool
	hasQuery bool
}

// parseURL parses s, which has no '#', as url.Parse does. It reports false
// where url.Parse returns an error.
func parseURL(s string) (u rawURL, ok bool) {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] == 0x7f {
			return u, false
		}
	}
	scheme, rest, ok := getScheme(s)
	if !ok {
		return u, false
	}
	u.scheme = strings.ToLower(scheme)
	rest, u.query, u.hasQuery = strings.Cut(rest, "?")
	if !strings.HasPrefix(rest, "/") {
		if u.scheme != "" {
			return u, true // opaque: url.Parse checks nothing more
		}
		if seg, _, _ := strings.Cut(rest, "/"); strings.IndexByte(seg, ':') >= 0 {
			return u, false
		}
	}
	if (u.scheme != "" || !strings.HasPrefix(rest, "///")) && strings.HasPrefix(rest, "//") {
		authority := rest[2:]
		rest = ""
		if i := strings.IndexByte(authority, '/'); i >= 0 {
			authority, rest = authority[:i], authority[i:]
		}
		if !u.parseAuthority(authority) {
			return u, false
		}
	}
	path, ok := unescape(rest, encodePath)
	if !ok {
		return u, false
	}
	u.path = rest
	if !validEncodedPath(rest) {
		u.path = escape(path, encodePath)
	}
	return u, true
}

// getScheme splits a leading scheme ([a-zA-Z][a-zA-Z0-9+.-]*) and colon off s,
// if any. It reports false for a colon at the start.
func getScheme(s string) (scheme, rest string, ok bool) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.':
			if i == 0 {
				return "", s, true
			}
		case c == ':':
			return s[:i], s[i+1:], i > 0
		default:
			return "", s, true
		}
	}
	return "", s, true
}

// parseAuthority reads [userinfo@]host[:port] into u.
func (u *rawURL) parseAuthority(authority string) bool {
	i := strings.LastIndexByte(authority, '@')
	host, ok := parseHost(authority[i+1:])
	if !ok {
		return false
	}
	u.host = host
	if i < 0 {
		return true
	}
	userinfo := authority[:i]
	if !validUserinfo(userinfo) {
		return false
	}
	name, pass, hasPass := strings.Cut(userinfo, ":")
	u.user, ok = unescape(name, encodeUser)
	if !ok {
		return false
	}
	u.password, ok = unescape(pass, encodeUser)
	u.hasUser, u.hasPass = true, hasPass
	return ok
}

// parseHost checks and unescapes host[:port], where host may be a bracketed
// IPv6 literal with a %25 zone.
func parseHost(host string) (string, bool) {
	if i := strings.LastIndexByte(host, '['); i > 0 {
		return "", false
	} else if i == 0 {
		end := strings.LastIndexByte(host, ']')
		if end < 0 || !validOptionalPort(host[end+1:]) {
			return "", false
		}
		addr, ok := host[1:end], false
		if z := strings.Index(addr, "%25"); z >= 0 {
			var ip, zone string
			ip, ok = unescape(addr[:z], encodeHost)
			zone, ok2 := unescape(addr[z:], encodeZone)
			addr, ok = ip+zone, ok && ok2
		} else {
			addr, ok = unescape(addr, encodeHost)
		}
		if !ok || !isIPv6(addr) {
			return "", false
		}
		return "[" + addr + "]" + host[end+1:], true
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !validOptionalPort(host[i:]) {
		return "", false
	}
	return unescape(host, encodeHost)
}

// validOptionalPort reports whether port is empty or a colon and digits.
func validOptionalPort(port string) bool {
	if port == "" {
		return true
	}
	if port[0] != ':' {
		return false
	}
	for i := 1; i < len(port); i++ {
		if port[i] < '0' || port[i] > '9' {
			return false
		}
	}
	return true
}

// validUserinfo reports whether s has only the characters RFC 3986 allows
// in userinfo, plus '@'.
func validUserinfo(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && strings.IndexByte("-._:~!$&'()*+,;=%@", c) < 0 {
			return false
		}
	}
	return true
}

// isIPv6 reports whether s is an IPv6 address, with an optional non-empty
// zone after '%', as netip.ParseAddr reads one.
func isIPv6(s string) bool {
	if i := strings.IndexAny(s, ".:%"); i < 0 || s[i] != ':' {
		return false // netip reads it as IPv4, or not at all
	}
	s, zone, hasZone := strings.Cut(s, "%")
	if hasZone && zone == "" {
		return false
	}
	n, ellipsis := 0, -1 // bytes of address read; where "::" is
	if strings.HasPrefix(s, "::") {
		ellipsis, s = 0, s[2:]
		if s == "" {
			return true
		}
	}
	for n < 16 {
		digits := 0
		for digits < len(s) && isHex(s[digits]) {
			digits++
		}
		if digits == 0 || digits > 4 {
			return false
		}
		if digits < len(s) && s[digits] == '.' {
			if ellipsis < 0 && n != 12 || n+4 > 16 || !isIPv4(s) {
				return false
			}
			s, n = "", n+4
			break
		}
		n += 2
		s = s[digits:]
		if s == "" {
			break
		}
		if s[0] != ':' || len(s) == 1 {
			return false
		}
		s = s[1:]
		if s[0] == ':' {
			if ellipsis >= 0 {
				return false
			}
			ellipsis, s = n, s[1:]
			if s == "" {
				break
			}
		}
	}
	if s != "" {
		return false
	}
	if n < 16 {
		return ellipsis >= 0
	}
	return ellipsis < 0
}

// isIPv4 reports whether s is a dotted-decimal IPv4 address without leading
// zeros.
func isIPv4(s string) bool {
	val, digits, dots := 0, 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			if digits == 1 && val == 0 {
				return false
			}
			val = val*10 + int(c-'0')
			digits++
			if val > 255 {
				return false
			}
		case c == '.':
			if i == 0 || i == len(s)-1 || s[i-1] == '.' || dots == 3 {
				return false
			}
			val, digits = 0, 0
			dots++
		default:
			return false
		}
	}
	return dots == 3
}

// encoding is a part of a URL, with its own escaping rules.
type encoding uint8

const (
	encodePath encoding = iota
	encodeHost
	encodeZone
	encodeUser
)

// shouldEscape reports whether c must be percent-encoded in the given part,
// as net/url decides.
func shouldEscape(c byte, mode encoding) bool {
	if isAlnum(c) {
		return false
	}
	if mode == encodeHost || mode == encodeZone {
		if strings.IndexByte(`!$&'()*+,;=:[]<>"`, c) >= 0 {
			return false
		}
	}
	switch c {
	case '-', '_', '.', '~':
		return false
	case '$', '&', '+', ',', '/', ':', ';', '=', '?', '@':
		switch mode {
		case encodePath:
			return c == '?'
		case encodeUser:
			return c == '@' || c == '/' || c == '?' || c == ':'
		}
	}
	return true
}

// unescape decodes the %XX escapes of s, checking them (and, in a host, the
// characters) as net/url does.
func unescape(s string, mode encoding) (string, bool) {
	n := 0
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return "", false
			}
			// A host may only escape non-ASCII bytes, and "%25"; a zone may
			// escape what it could hold unescaped, and spaces.
			if mode == encodeHost && unhex(s[i+1]) < 8 && s[i:i+3] != "%25" {
				return "", false
			}
			if v := unhex(s[i+1])<<4 | unhex(s[i+2]); mode == encodeZone &&
				s[i:i+3] != "%25" && v != ' ' && shouldEscape(v, encodeHost) {
				return "", false
			}
			n++
			i += 3
		default:
			if (mode == encodeHost || mode == encodeZone) && c < 0x80 && shouldEscape(c, mode) {
				return "", false
			}
			i++
		}
	}
	if n == 0 {
		return s, true
	}
	b := make([]byte, 0, len(s)-2*n)
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		} else {
			b = append(b, s[i])
		}
	}
	return string(b), true
}

// escape percent-encodes the bytes of s that the given part may not hold.
func escape(s string, mode encoding) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if c := s[i]; shouldEscape(c, mode) {
			if b == nil {
				b = append(make([]byte, 0, len(s)+8), s[:i]...)
			}
			b = append(b, '%', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
		} else if b != nil {
			b = append(b, c)
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}

// validEncodedPath reports whether s can stand as the escaped form of a path:
// it holds nothing that url.URL.EscapedPath would escape.
func validEncodedPath(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; strings.IndexByte("!$&'()*+,;=:@[]%", c) < 0 && shouldEscape(c, encodePath) {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// unhex is the value of the hex digit c.
func unhex(c byte) byte { return 9*(c>>6) + c&15 }
