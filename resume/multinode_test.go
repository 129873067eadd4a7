//go:build !js

package resume

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"

	"github.com/wasmws/wasmws/internal/resumeproto"
)

// withNodes runs f in a synctest bubble with n Servers (processes) sharing
// one store, each running echo, and shuts them down after.
func withNodes(t *testing.T, n int, f func(nodes []*Server)) {
	synctest.Test(t, func(t *testing.T) {
		store := NewMemoryStore(nil)
		nodes := make([]*Server, n)
		for i := range nodes {
			nodes[i] = NewServer(echo, &Options{Store: store})
		}
		f(nodes)
		for _, srv := range nodes {
			if err := srv.Shutdown(context.Background()); err != nil {
				t.Errorf("Shutdown: %v", err)
			}
		}
		synctest.Wait()
	})
}

// TestResumeOnAnotherNode: a session created on node A is resumed on node
// B, then on A again (whose copy is stale by then), and the echo stream
// goes on with each message echoed once, in order.
func TestResumeOnAnotherNode(t *testing.T) {
	withNodes(t, 2, func(nodes []*Server) {
		c := dial(t, nodes[0])
		w := c.hello(nil, 0, window)
		token := w.Token
		var seq, echoed uint64 // client messages sent, echoes received
		send := func(c *rawClient, k int) {
			for range k {
				seq++
				c.data(seq, echoed, window, fmt.Sprint(seq))
			}
		}
		recv := func(c *rawClient, k int) {
			for range k {
				d := c.nextData()
				if d.Seq <= echoed {
					continue // a retransmission of an echo already taken
				}
				if d.Seq != echoed+1 || string(d.Payload) != fmt.Sprint(d.Seq) {
					t.Fatalf("echo seq %d %q want seq %d %q", d.Seq, d.Payload, echoed+1, fmt.Sprint(echoed+1))
				}
				echoed = d.Seq
			}
		}
		send(c, 5)
		recv(c, 3) // echoes 4 and 5 are in flight or unsent when the connection is cut
		c.conn.CloseNow()
		synctest.Wait()

		for round, node := range []*Server{nodes[1], nodes[0], nodes[1]} {
			c = dial(t, node)
			w = c.hello(token, echoed, window)
			if w.Status != resumeproto.StatusResumed || w.Epoch != uint64(round+2) {
				t.Fatalf("round %d: WELCOME status %d epoch %d want resumed, epoch %d", round, w.Status, w.Epoch, round+2)
			}
			token = w.Token
			// The client retransmits what the session has not acknowledged.
			for s := w.Ack + 1; s <= seq; s++ {
				c.data(s, echoed, window, fmt.Sprint(s))
			}
			recv(c, int(seq-echoed))
			send(c, 4)
			recv(c, 2)
			c.conn.CloseNow()
			synctest.Wait()
		}
		c = dial(t, nodes[0])
		w = c.hello(token, echoed, window)
		for s := w.Ack + 1; s <= seq; s++ {
			c.data(s, echoed, window, fmt.Sprint(s))
		}
		recv(c, int(seq-echoed))
		if echoed != seq || seq != 17 {
			t.Errorf("%d sent, %d echoed want 17, 17", seq, echoed)
		}
	})
}

// TestRacingNodes: the client resumes on node B while node A still holds
// the old connection. What the client sends on the old connection after
// that is refused by A (its store writes fail: superseded) and closes it
// with 4409; B delivers it once when the client retransmits it.
func TestRacingNodes(t *testing.T) {
	withNodes(t, 2, func(nodes []*Server) {
		a := dial(t, nodes[0])
		w := a.hello(nil, 0, window)
		a.data(1, 0, window, "1")
		if d := a.nextData(); d.Seq != 1 {
			t.Fatalf("echo seq %d want 1", d.Seq)
		}
		b := dial(t, nodes[1])
		wb := b.hello(w.Token, 1, window)
		if wb.Status != resumeproto.StatusResumed || wb.Ack != 1 {
			t.Fatalf("WELCOME on B: status %d ack %d want resumed, ack 1", wb.Status, wb.Ack)
		}
		a.data(2, 1, window, "2") // on the old connection, after B's claim
		if code := a.closedWith(); code != resumeproto.CloseSuperseded {
			t.Errorf("A's old connection closed with %d want %d", code, resumeproto.CloseSuperseded)
		}
		b.data(2, 1, window, "2")
		b.data(3, 1, window, "3")
		for want := uint64(2); want <= 3; want++ {
			if d := b.nextData(); d.Seq != want || string(d.Payload) != fmt.Sprint(want) {
				t.Fatalf("echo on B = seq %d %q want %d", d.Seq, d.Payload, want)
			}
		}
	})
}

// TestShutdownHandsOver: a process shutting down leaves its sessions in
// the shared store, so that their clients resume them on another process.
func TestShutdownHandsOver(t *testing.T) {
	withNodes(t, 2, func(nodes []*Server) {
		c := dial(t, nodes[0])
		w := c.hello(nil, 0, window)
		c.data(1, 0, window, "1")
		if d := c.nextData(); d.Seq != 1 {
			t.Fatalf("echo seq %d want 1", d.Seq)
		}
		if err := nodes[0].Shutdown(context.Background()); err != nil {
			t.Fatal(err)
		}
		if code := c.closedWith(); code != 1001 {
			t.Errorf("connection closed with %d at Shutdown want 1001", code)
		}
		c = dial(t, nodes[1])
		w = c.hello(w.Token, 1, window)
		if w.Status != resumeproto.StatusResumed || w.Ack != 1 {
			t.Fatalf("WELCOME on the other process = status %d ack %d want resumed, ack 1", w.Status, w.Ack)
		}
		c.data(2, 1, window, "2")
		if d := c.nextData(); d.Seq != 2 || string(d.Payload) != "2" {
			t.Errorf("echo = seq %d %q want 2", d.Seq, d.Payload)
		}
	})
}
