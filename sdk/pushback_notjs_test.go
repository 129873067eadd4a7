//go:build !js

package sdk_test

import (
	"bytes"
	"github.com/wasmws/wasmws/internal/wstest"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/sdk"
)

// TestReceivePushesBackOnServer proves that a full receive buffer stops the
// native transport reading, so TCP pushes back on the server: the server's
// writes stall until the client receives. Native only: the browser's
// WebSocket cannot stop reading (TestReceiveBufferFull covers what it does
// instead), and only an in-process server can report how far its writes got.
func TestReceivePushesBackOnServer(t *testing.T) {
	const n, size = 64, 1 << 20 // 64 MiB, far more than loopback socket buffers hold
	var written atomic.Int64
	// writesEnded is closed once the handler's writes have ended, all n of
	// them or one failed: the client can receive the last message before
	// the server's Write of it has returned and been counted.
	writesEnded := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
	defer srv.Close()

	c, err := sdk.Dial(testContext(t), "ws"+strings.TrimPrefix(srv.URL, "http"), &sdk.Options{ReceiveBuffer: size})
	if err != nil {
		t.Fatalf("Dial() = %v", err)
	}
	defer c.Close(sdk.StatusNormalClosure, "")

	// Wait until the server's writes stop progressing. This detects a state;
	// if the client kept reading, the server would finish all n writes.
	last, still := written.Load(), 0
	for deadline := time.Now().Add(wstest.Timeout); still < 10 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		if now := written.Load(); now != last || now == n {
			last, still = now, 0
			if now == n {
				break
			}
			continue
		}
		still++
	}
	stalled := written.Load()
	if stalled >= n {
		t.Fatalf("the server wrote all %d messages to a client that received none: nothing pushed back", n)
	}
	t.Logf("server writes stalled after %d of %d messages of %d bytes", stalled, n, size)

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
