//go:build !js

package sdk_test

import (
	"bytes"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/internal/wstest"
	"github.com/wasmws/wasmws/sdk"
)

// TestReceivePushesBackOnServer: a full receive buffer stops the native
// transport reading, so TCP pushes back on the server and its writes stall
// until the client receives. Native only: the browser's WebSocket cannot
// stop reading (TestReceiveBufferFull covers what it does instead), and only
// an in-process server can report how far its writes got.
//
// What it proves without a clock: every message arrives intact and in order
// after the pause, and the server's writes end only after the client has
// received. That the client stopped reading is an absence, and needs the
// clock: the server's socket accepting no byte for 500 ms while the client
// received nothing. No state of the client's reader is visible outside the
// sdk package to replace it (that would take a hook in the transport's read
// loop). Progress is counted in bytes the server's socket accepted, in
// chunks of 16 KiB, not in messages of 1 MiB, so a merely slow write of a
// message does not look like a stall; still, a machine that starves the
// server for 500 ms could make a client that kept reading pass. The test
// cannot fail falsely where 64 MiB is more than the client may hold (one
// ReceiveBuffer, one message being read, and the socket buffers: at most
// 38 MiB under Linux's default limits, tcp_rmem 32 MiB and tcp_wmem 4 MiB):
// only a client that keeps reading lets the server finish, and that fails it.
func TestReceivePushesBackOnServer(t *testing.T) {
	const n, size = 64, 1 << 20 // 64 MiB, more than loopback socket buffers hold
	var written atomic.Int64    // messages whose Write returned
	var accepted atomic.Int64   // bytes the server's socket accepted
	// writesEnded is closed once the handler's writes have ended, all n of
	// them or one failed: the client can receive the last message before
	// the server's Write of it has returned and been counted.
	writesEnded := make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		for i := range n {
			if err := c.Write(r.Context(), websocket.MessageBinary, pattern(i, size)); err != nil {
				break
			}
			written.Add(1)
		}
		close(writesEnded)
		_, _, _ = c.Read(r.Context()) // until the client closes
	}))
	srv.Listener = countingListener{srv.Listener, &accepted}
	srv.Start()
	defer srv.Close()

	c, err := sdk.Dial(testContext(t), "ws"+strings.TrimPrefix(srv.URL, "http"), &sdk.Options{ReceiveBuffer: size})
	if err != nil {
		t.Fatalf("Dial() = %v", err)
	}
	defer c.Close(sdk.StatusNormalClosure, "")

	// Wait until the server's socket accepts nothing more, or the server
	// has written everything (a client that kept reading).
	last, still := accepted.Load(), 0
	for deadline := time.Now().Add(wstest.Timeout); still < 10 && written.Load() < n && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		if now := accepted.Load(); now != last {
			last, still = now, 0
			continue
		}
		still++
	}
	stalled := written.Load()
	if stalled >= n {
		t.Fatalf("the server wrote all %d messages to a client that received none: nothing pushed back", n)
	}
	if still < 10 {
		t.Fatalf("the server's socket still accepted bytes after %v (%d messages written)", wstest.Timeout, stalled)
	}
	t.Logf("server writes stalled after %d of %d messages of %d bytes, %d bytes accepted by its socket", stalled, n, size, last)

	ctx := testContext(t)
	for i := range n {
		_, p, err := c.Receive(ctx)
		if err != nil {
			t.Fatalf("Receive(%d) = %v", i, err)
		}
		if !bytes.Equal(p, pattern(i, size)) {
			t.Fatalf("message %d is wrong", i)
		}
	}
	select {
	case <-writesEnded:
	case <-ctx.Done():
		t.Fatalf("the client received all %d messages, the server's writes have not ended", n)
	}
	if got := written.Load(); got != n {
		t.Errorf("after receiving everything, the server wrote %d of %d", got, n)
	}
}

// countingListener counts, in total, the bytes its connections' sockets
// accepted, writing at most 16 KiB at a time so that the count moves while
// a large write is under way.
type countingListener struct {
	net.Listener
	total *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return countingConn{c, l.total}, nil
}

type countingConn struct {
	net.Conn
	total *atomic.Int64
}

func (c countingConn) Write(p []byte) (int, error) {
	done := 0
	for done < len(p) {
		k, err := c.Conn.Write(p[done:min(len(p), done+16<<10)])
		done += k
		c.total.Add(int64(k))
		if err != nil {
			return done, err
		}
	}
	return done, nil
}
