//go:build !js

package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/coder/websocket"
)

func TestEcho(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Options{})
	ctx := testContext(t)
	c := ts.dial(ctx, t, "", nil)

	for _, m := range []message{
		{websocket.MessageText, "hello"},
		{websocket.MessageBinary, "\x00\x01\xfe\xff"},
		{websocket.MessageText, ""},
		{websocket.MessageBinary, ""},
		{websocket.MessageText, "héllo, 世界"},
		{websocket.MessageBinary, strings.Repeat("\xab", 1<<20)},
	} {
		expectEcho(ctx, t, c, m)
	}

	// Many at once come back in order.
	var sent []message
	for i := range 50 {
		typ := websocket.MessageText
		if i%2 == 1 {
			typ = websocket.MessageBinary
		}
		m := message{typ, fmt.Sprint(i)}
		write(ctx, t, c, m)
		sent = append(sent, m)
	}
	for i, want := range sent {
		if got := read(ctx, t, c); got != want {
			t.Fatalf("message %d = %v %q, want %v %q", i, got.typ, got.data, want.typ, want.data)
		}
	}
	if err := c.Close(websocket.StatusNormalClosure, ""); err != nil {
		t.Errorf("Close: %v", err)
	}
}

func TestSubprotocol(t *testing.T) {
	t.Parallel()
	testCases := []struct {
		name    string
		known   []string // Options.Subprotocols
		query   string
		offered []string
		want    string
	}{
		{"none offered", nil, "", nil, ""},
		{"one known", nil, "", []string{"chat"}, "chat"},
		{"other default", nil, "", []string{"echo-protocol"}, "echo-protocol"},
		{"client order wins", nil, "", []string{"x", "chat", "echo-protocol"}, "chat"},
		{"unknown only", nil, "", []string{"x", "y"}, ""},
		{"case matters", nil, "", []string{"CHAT"}, ""},
		{"custom list", []string{"v2", "v1"}, "", []string{"v1", "v2"}, "v1"},
		{"custom list drops defaults", []string{"v2"}, "", []string{"chat"}, ""},
		{"protocol= selects none", nil, "protocol=", []string{"chat"}, ""},
		{"protocol=NAME offered", nil, "protocol=y", []string{"chat", "y"}, "y"},
		{"protocol=NAME among others", nil, "protocol=chat", []string{"echo-protocol", "chat"}, "chat"},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, Options{Subprotocols: tc.known})
			ctx := testContext(t)
			c := ts.dial(ctx, t, tc.query, &websocket.DialOptions{Subprotocols: tc.offered})
			if got := c.Subprotocol(); got != tc.want {
				t.Errorf("offered %q with query %q: Subprotocol() = %q want %q", tc.offered, tc.query, got, tc.want)
			}
			expectEcho(ctx, t, c, message{websocket.MessageText, "still echoes"})
		})
	}
}

// TestProtocolNotOffered checks that protocol=NAME is sent even when the
// client did not offer it, which a conforming client must refuse.
func TestProtocolNotOffered(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, Options{})
	// A raw handshake shows the header. (A coder/websocket client refuses
	// it, but only after a 3s wait for the body, too slow for a test.)
	h := http.Header{
		"Connection":            {"Upgrade"},
		"Upgrade":               {"websocket"},
		"Sec-Websocket-Version": {"13"},
		"Sec-Websocket-Key":     {"dGhlIHNhbXBsZSBub25jZQ=="},
	}
	h.Set("Sec-WebSocket-Protocol", "chat")
	resp, _ := ts.get(t, "/echo?protocol=surprise", h)
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("raw handshake status = %d want 101", resp.StatusCode)
	}
	if got := resp.Header.Get("Sec-WebSocket-Protocol"); got != "surprise" {
		t.Errorf("Sec-WebSocket-Protocol = %q want %q", got, "surprise")
	}
}
