package reconnect

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"

	"github.com/wasmws/wasmws/sdk"
)

func msg(s string) message { return newMsg(sdk.Text, []byte(s), false) }

// TestOutboxFIFO: senders waiting for room get in in order, as room is made,
// and a large waiting message is not overtaken by small ones.
func TestOutboxFIFO(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		o := newOutbox(10, 10)
		ctx := context.Background()
		if err := o.push(ctx, msg("12345678")); err != nil {
			t.Fatal(err)
		}
		got := make(chan string, 2)
		go func() { _ = o.push(ctx, msg("abcde")); got <- "abcde" }()
		synctest.Wait()
		go func() { _ = o.push(ctx, msg("x")); got <- "x" }() // would fit, but waits its turn
		synctest.Wait()
		if n, b := o.len(); n != 1 || b != 8 {
			t.Fatalf("len() = %d, %d want 1, 8", n, b)
		}
		o.pop() // room for both, admitted in their order
		<-got
		<-got
		for _, want := range []string{"abcde", "x"} {
			m, ok, _ := o.peek()
			if !ok || string(m.Bytes()) != want {
				t.Fatalf("peek() = %q want %q", m.Bytes(), want)
			}
			o.pop()
		}
	})
}

// TestOutboxCancel: a sender whose ctx ends leaves nothing queued, and lets
// the senders behind it in.
func TestOutboxCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		o := newOutbox(1, 100)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := o.push(ctx, msg("a")); err != nil {
			t.Fatalf("push() with room and a done ctx = %v, want it queued", err)
		}
		ctx, cancel = context.WithCancel(context.Background())
		errc := make(chan error)
		go func() { errc <- o.push(ctx, msg("b")) }()
		synctest.Wait()
		cancel()
		if err := <-errc; !errors.Is(err, context.Canceled) {
			t.Errorf("push() with a cancelled ctx = %v", err)
		}
		if n, _ := o.len(); n != 1 {
			t.Errorf("len() = %d after a cancelled push, want 1", n)
		}
		go func() { errc <- o.push(context.Background(), msg("c")) }()
		synctest.Wait()
		o.close(false)
		if err := <-errc; !errors.Is(err, sdk.ErrClosed) {
			t.Errorf("waiting push() when closed = %v want ErrClosed", err)
		}
		o.pushFront([]message{msg("r1"), msg("r2")})
		if n, b := o.len(); n != 3 || b != 5 {
			t.Errorf("len() after pushFront = %d, %d want 3, 5 (over the bound)", n, b)
		}
		if m, _, _ := o.peek(); string(m.Bytes()) != "r1" {
			t.Errorf("head after pushFront = %q want r1", m.Bytes())
		}
	})
}
