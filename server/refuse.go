//go:build !js

package server

import (
	"bytes"
	"fmt"
	"io"
	"net/url"

	"github.com/wasmws/wasmws/internal/resumeproto"
	"github.com/wasmws/wasmws/resume"
)

// Resume-only parameters for the refusal of a token (PROTOCOL.md § 7):
//
//   - refuse=close: the connection is served by a resume server with
//     resume.Options.RefuseWithClose, which closes with 4401 where the
//     default one answers WELCOME with status 3. Its sessions are its own
//     (a store of its own, unless Options.ResumeStore is shared): a client
//     gives refuse=close on every connection of its session.
//   - forge=1: the server reads the token of this connection's HELLO with
//     its last byte changed, as if the client had presented a forged token:
//     a resume on it is refused. A HELLO without a token is left alone.

// refuseParams are the refusal parameters of one connection.
type refuseParams struct {
	withClose bool // refuse=close
	forge     bool // forge=1
}

// parseRefuseParams reads refuse and forge from the query.
func parseRefuseParams(q url.Values) (refuseParams, error) {
	var p refuseParams
	if v, ok := q["refuse"]; ok {
		if len(v) != 1 || v[0] != "close" {
			return p, fmt.Errorf("refuse=%q: want close, once", v)
		}
		p.withClose = true
	}
	if v, ok := q["forge"]; ok {
		if len(v) != 1 || v[0] != "1" {
			return p, fmt.Errorf("forge=%q: want 1, once", v)
		}
		p.forge = true
	}
	return p, nil
}

// resumerFor returns the resume server of a connection with p.
func (s *Server) resumerFor(p refuseParams) *resume.Server {
	if p.withClose {
		return s.refuser
	}
	return s.resumer
}

// forgeHello returns the HELLO read from r with the last byte of its token
// changed. Anything else, or a malformed frame, is returned as read, for
// the resume server to judge.
func forgeHello(r io.Reader) (io.Reader, error) {
	p, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	f, err := resumeproto.Parse(p)
	if err != nil || f.Kind != resumeproto.KindHello || len(f.Token) == 0 {
		return bytes.NewReader(p), nil
	}
	f.Token = bytes.Clone(f.Token)
	f.Token[len(f.Token)-1] ^= 0xff
	return bytes.NewReader(resumeproto.Append(nil, &f)), nil
}
