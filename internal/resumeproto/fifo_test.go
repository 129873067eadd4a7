package resumeproto

import "testing"

// TestFifoOrderAndBound: messages come out in the order pushed, dropped
// entries are zeroed, and a stream that keeps up to 100 queued never makes
// the array hold more than about four times that.
func TestFifoOrderAndBound(t *testing.T) {
	var q Fifo
	next, want := uint64(1), uint64(1)
	for round := range 2000 {
		for range round%7 + 1 {
			if len(q.Items()) < 100 {
				q.Push(Message{Seq: next, Payload: []byte{1}})
				next++
			}
		}
		n := min(len(q.Items()), round%5+1)
		for _, m := range q.Items()[:n] {
			if m.Seq != want {
				t.Fatalf("round %d: got seq %d want %d", round, m.Seq, want)
			}
			want++
		}
		q.Drop(n)
		for _, m := range q.msgs[:q.head] {
			if m.Payload != nil {
				t.Fatalf("round %d: a dropped message still holds its payload", round)
			}
		}
		if cap(q.msgs) > 4*128 {
			t.Fatalf("round %d: array of %d for at most 100 queued", round, cap(q.msgs))
		}
	}
}
