//go:build !js

package resume

import (
	"context"
	"slices"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/coder/websocket"
)

// batchingPipe is a pipe's server end that is a Batcher: the messages
// written while batching are kept, and reach the client together with the
// next one written without, or at Flush. writes records how many messages
// each of its writes to the "network" carried.
type batchingPipe struct {
	*pipeEnd
	mu       sync.Mutex
	batching bool
	kept     []pipeMsg
	writes   []int
}

func (b *batchingPipe) Write(ctx context.Context, typ websocket.MessageType, p []byte) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.kept = append(b.kept, pipeMsg{typ, append([]byte(nil), p...)})
	if b.batching {
		return nil
	}
	return b.send(ctx)
}

func (b *batchingPipe) Batch(on bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.batching = on
}

func (b *batchingPipe) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.kept) == 0 {
		return nil
	}
	return b.send(context.Background())
}

// send delivers what is kept as one write. Call with b.mu held.
func (b *batchingPipe) send(ctx context.Context) error {
	b.writes = append(b.writes, len(b.kept))
	kept := b.kept
	b.kept = nil
	for _, m := range kept {
		if err := b.pipeEnd.Write(ctx, m.typ, m.p); err != nil {
			return err
		}
	}
	return nil
}

// TestWriterBatchesRetransmissions: the messages a resumed connection
// retransmits are ready at once, and the writer sends them in one write.
func TestWriterBatchesRetransmissions(t *testing.T) {
	const n = 5
	withServer(t, nil, func(sess *Session) {
		ctx := context.Background()
		for i := range n {
			if sess.Send(ctx, websocket.MessageText, []byte{byte('a' + i)}) != nil {
				return
			}
		}
		<-sess.Done()
	}, func(srv *Server) {
		c := dial(t, srv)
		token := c.hello(nil, 0, window).Token
		for range n {
			c.nextData()
		}
		c.conn.CloseNow() // nothing acknowledged
		synctest.Wait()

		server, client := newPipe()
		bp := &batchingPipe{pipeEnd: server}
		go srv.Serve(context.Background(), bp)
		c2 := &rawClient{t: t, conn: client}
		c2.hello(token, 0, window)
		for i := range n {
			if d := c2.nextData(); d.Seq != uint64(i+1) || string(d.Payload) != string(rune('a'+i)) {
				t.Fatalf("retransmission %d = seq %d %q", i+1, d.Seq, d.Payload)
			}
		}
		synctest.Wait()
		bp.mu.Lock()
		defer bp.mu.Unlock()
		if want := []int{1, n}; !slices.Equal(bp.writes, want) {
			t.Errorf("messages per write %v want %v (WELCOME, then the %d retransmissions at once)", bp.writes, want, n)
		}
	})
}
