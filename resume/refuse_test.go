//go:build !js

package resume

import (
	"bytes"
	"testing"
	"testing/synctest"

	"github.com/wasmws/wasmws/internal/resumeproto"
)

// TestRefuseWithClose: with RefuseWithClose, a refused token (stale, forged,
// malformed) closes the connection with 4401 and creates no session; an
// unknown session is still answered with status 2 and a fresh one, and the
// current token still resumes.
func TestRefuseWithClose(t *testing.T) {
	store := NewMemoryStore(nil)
	withServer(t, &Options{RefuseWithClose: true, Store: store}, echo, func(srv *Server) {
		c := dial(t, srv)
		t1 := c.hello(nil, 0, window).Token
		c.conn.CloseNow()
		c2 := dial(t, srv)
		t2 := c2.hello(t1, 0, window).Token // confirmed: t1 is dead from now on
		c2.conn.CloseNow()
		synctest.Wait() // the server has read the confirmation

		sessions, _, _ := store.Usage()
		for _, tc := range []struct {
			name  string
			token []byte
		}{
			{"stale token", t1},
			{"forged secret", append(bytes.Clone(t2[:idLen]), make([]byte, secretLen)...)},
			{"short token", bytes.Repeat([]byte{7}, 20)},
		} {
			h := dial(t, srv)
			h.send(resumeproto.Frame{Kind: resumeproto.KindHello, Token: tc.token, Limit: window})
			if code := h.closedWith(); code != resumeproto.CloseRefused {
				t.Errorf("%s: closed with %d want %d", tc.name, code, resumeproto.CloseRefused)
			}
		}
		synctest.Wait()
		if n, _, _ := store.Usage(); n != sessions {
			t.Errorf("sessions = %d after the refusals, want %d: a refusal created one", n, sessions)
		}

		u := dial(t, srv)
		if w := u.hello(bytes.Repeat([]byte{7}, tokenLen), 0, window); w.Status != resumeproto.StatusUnknown {
			t.Errorf("unknown session: WELCOME status %d want %d", w.Status, resumeproto.StatusUnknown)
		}
		u.conn.CloseNow()
		r := dial(t, srv)
		if w := r.hello(t2, 0, window); w.Status != resumeproto.StatusResumed {
			t.Errorf("current token: WELCOME status %d want resumed", w.Status)
		}
	})
}
