//go:build !js

package server

import (
	"testing"

	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/internal/resumeproto"
	"github.com/wasmws/wasmws/resume"
)

// TestRefuseParams: forge=1 makes the server read a HELLO's token changed,
// so that its resume is refused: WELCOME status 3 from the default resume
// server, a close with 4401 from refuse=close's; a HELLO without a token
// is left alone, and a bad value closes with 1008.
func TestRefuseParams(t *testing.T) {
	ts := newTestServer(t, Options{})
	ctx := testContext(t)
	hello := func(query string, token []byte) (*websocket.Conn, resumeproto.Frame, error) {
		c := ts.dial(ctx, t, query, &websocket.DialOptions{Subprotocols: []string{resume.Subprotocol}})
		t.Cleanup(func() { c.CloseNow() })
		f := resumeproto.Frame{Kind: resumeproto.KindHello, Token: token, Limit: 1 << 20}
		if err := c.Write(ctx, websocket.MessageBinary, resumeproto.Append(nil, &f)); err != nil {
			t.Fatal(err)
		}
		_, p, err := c.Read(ctx)
		if err != nil {
			return c, resumeproto.Frame{}, err
		}
		w, err := resumeproto.Parse(p)
		if err != nil {
			t.Fatal(err)
		}
		return c, w, nil
	}
	for _, tc := range []struct {
		query, forged string
		code          websocket.StatusCode // 0: a WELCOME with status 3
	}{
		{"", "forge=1", 0},
		{"refuse=close", "refuse=close&forge=1", resumeproto.CloseRefused},
	} {
		c, w, err := hello(tc.query, nil) // a new session: never forged
		if err != nil || w.Status != resumeproto.StatusNew {
			t.Fatalf("%q: new session: %+v, %v", tc.query, w, err)
		}
		c.CloseNow()
		_, w, err = hello(tc.forged, w.Token)
		switch {
		case tc.code == 0 && (err != nil || w.Status != resumeproto.StatusRefused):
			t.Errorf("%q: forged resume: %+v, %v want status 3", tc.query, w, err)
		case tc.code != 0 && websocket.CloseStatus(err) != tc.code:
			t.Errorf("%q: forged resume: %+v, %v want close %d", tc.query, w, err, tc.code)
		}
	}
	for _, q := range []string{"refuse=status", "forge=yes"} {
		c := ts.dial(ctx, t, q, &websocket.DialOptions{Subprotocols: []string{resume.Subprotocol}})
		expectClose(ctx, t, c, websocket.StatusPolicyViolation, map[string]string{
			"refuse=status": `refuse=["status"]: want close, once`,
			"forge=yes":     `forge=["yes"]: want 1, once`,
		}[q])
	}
}
