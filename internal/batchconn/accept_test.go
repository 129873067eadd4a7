//go:build !js

package batchconn

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// countingConn counts the writes to the network.
type countingConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}

// TestAcceptBatches: messages written while batching reach the client, in
// order, in one write with the first message written without; the close
// handshake then works as usual.
func TestAcceptBatches(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var writes atomic.Int64
	served := make(chan error, 1)
	var written int64 // writes of the four messages, read before the close frame's
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, nc, err := Accept(w, r, nil)
		if err != nil {
			served <- err
			return
		}
		defer ws.CloseNow()
		nc.Conn = countingConn{Conn: nc.Conn, writes: &writes}
		for i, m := range []string{"one", "two", "three", "four"} {
			nc.Batch(i < 3)
			if err := ws.Write(ctx, websocket.MessageText, []byte(m)); err != nil {
				served <- err
				return
			}
		}
		written = writes.Load()
		served <- nil
		ws.Close(websocket.StatusNormalClosure, "bye") // one write more
	}))
	defer srv.Close()

	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	if err := <-served; err != nil {
		t.Fatalf("server: %v", err)
	}
	if written != 1 {
		t.Errorf("4 messages in %d writes want 1", written)
	}
	for _, want := range []string{"one", "two", "three", "four"} {
		if _, p, err := c.Read(ctx); err != nil || string(p) != want {
			t.Fatalf("Read = %q, %v want %q", p, err, want)
		}
	}
	if _, _, err := c.Read(ctx); websocket.CloseStatus(err) != websocket.StatusNormalClosure {
		t.Errorf("Read after the messages = %v want close 1000", err)
	}
}
