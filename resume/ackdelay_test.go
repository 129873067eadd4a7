//go:build !js

package resume

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/coder/websocket"
	"github.com/wasmws/wasmws/internal/resumeproto"
)

// TestAckDelayAfterCarried: an ACK owed waits the ack delay for a DATA to
// ride on, also after a delay timer fired with nothing owed (a DATA had
// carried the news): it is not sent at once from then on.
func TestAckDelayAfterCarried(t *testing.T) {
	const delay = 100 * time.Millisecond
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		// The handler answers only the second message.
		srv := NewServer(func(sess *Session) {
			for i := 1; ; i++ {
				typ, p, err := sess.Receive(ctx)
				if err != nil {
					return
				}
				if i == 2 && sess.Send(ctx, typ, p) != nil {
					return
				}
			}
		}, &Options{AckDelay: delay})
		c := dial(t, srv)
		c.hello(nil, 0, window)

		// Message 1 is taken: an ACK is owed, and the delay timer starts.
		// Message 2's answer carries it before the timer fires.
		c.data(1, 0, window, "a")
		time.Sleep(delay / 10)
		c.data(2, 0, window, "b")
		if f := c.nextData(); f.Ack != 2 {
			t.Fatalf("answer carries ack %d, want 2", f.Ack)
		}
		time.Sleep(2 * delay) // the timer fired with nothing owed

		// Message 3 is taken: its ACK waits the delay again.
		start := time.Now()
		c.send(resumeproto.Frame{Kind: resumeproto.KindData, Type: resumeproto.TypeBinary, Seq: 3, Ack: 1, Limit: window + 1, Payload: []byte("c")})
		f, err := c.recv()
		switch {
		case err != nil:
			t.Fatalf("no ACK: %v", err)
		case f.Kind != resumeproto.KindAck || f.Ack != 3:
			t.Fatalf("got %v ack %d, want ACK ack 3", f.Kind, f.Ack)
		}
		if waited := time.Since(start); waited != delay {
			t.Errorf("ACK after %v, want after the ack delay %v", waited, delay)
		}
		_ = c.conn.Close(websocket.StatusNormalClosure, "")
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		synctest.Wait()
	})
}
