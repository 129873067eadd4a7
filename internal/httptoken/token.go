// Package httptoken checks HTTP tokens (RFC 9110, section 5.6.2): the
// syntax of a WebSocket subprotocol name. It is the one check of that rule,
// shared by the SDK (the protocols a client offers) and the server (the
// protocols it selects).
package httptoken

// Valid reports whether s is an HTTP token: one or more of the characters
// tchar allows (letters, digits and !#$%&'*+-.^_`|~).
func Valid(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isTchar(s[i]) {
			return false
		}
	}
	return true
}

// isTchar reports whether c is a tchar.
func isTchar(c byte) bool {
	switch {
	case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}
