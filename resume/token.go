//go:build !js

package resume

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
)

// A token is a 16-byte session id followed by a 16-byte secret, both from
// crypto/rand (PROTOCOL.md § 7). Stores see the id, in hex, and the
// secret's SHA-256, never the secret.
const (
	idLen     = 16
	secretLen = 16
	tokenLen  = idLen + secretLen
)

// newToken returns a token for session id (new if id is nil) and the hash
// of its secret.
func newToken(id []byte) (token []byte, secret Hash) {
	token = make([]byte, tokenLen)
	if id == nil {
		rand.Read(token[:idLen])
	} else {
		copy(token, id)
	}
	rand.Read(token[idLen:])
	return token, sha256.Sum256(token[idLen:])
}

// splitToken returns the session id and secret hash of a token a client
// presented; ok is false if it cannot be one of ours.
func splitToken(token []byte) (id string, idBytes []byte, secret Hash, ok bool) {
	if len(token) != tokenLen {
		return "", nil, Hash{}, false
	}
	return hex.EncodeToString(token[:idLen]), token[:idLen], sha256.Sum256(token[idLen:]), true
}
