package reconnect

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"

	"github.com/wasmws/wasmws/sdk"
)

// TestOutboxFreeAndAdmit: free reports the room reserve would find (none
// while a sender waits or once closed); admit appends in order, after what
// is queued, whatever the bounds, and refuses nothing but a closed outbox.
// (The browser's ReconnectingWebSocket accepts messages in JavaScript
// against free and hands them over with admit: see internal/jsoutbox.)
func TestOutboxFreeAndAdmit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		o := newOutbox(3, 10)
		if n, b := o.free(); n != 3 || b != 10 {
			t.Fatalf("free() of an empty outbox = %d, %d want 3, 10", n, b)
		}
		if err := o.push(context.Background(), msg("abcd")); err != nil {
			t.Fatal(err)
		}
		if n, b := o.free(); n != 2 || b != 6 {
			t.Fatalf("free() = %d, %d want 2, 6", n, b)
		}
		m1, _ := sdk.NewMessage(sdk.Text, []byte("ef"))
		m2, _ := sdk.NewMessage(sdk.Binary, []byte("ghi"))
		if err := o.admit([]sdk.Message{m1, m2}); err != nil {
			t.Fatalf("admit() = %v", err)
		}
		if n, b := o.free(); n != 0 || b != 1 {
			t.Fatalf("free() after admit = %d, %d want 0, 1", n, b)
		}
		// Over the bounds, as after a replay that came in between.
		m3, _ := sdk.NewMessage(sdk.Text, []byte("jklmn"))
		if err := o.admit([]sdk.Message{m3}); err != nil {
			t.Fatalf("admit() over the bounds = %v", err)
		}
		if n, b := o.len(); n != 4 || b != 14 {
			t.Fatalf("len() = %d, %d want 4, 14", n, b)
		}
		if n, b := o.free(); n != 0 || b != 0 {
			t.Fatalf("free() of an outbox over its bounds = %d, %d want 0, 0", n, b)
		}
		for _, want := range []string{"abcd", "ef", "ghi", "jklmn"} {
			m, ok, _ := o.peek()
			if !ok || string(m.Bytes()) != want {
				t.Fatalf("peek() = %q want %q", m.Bytes(), want)
			}
			o.pop()
		}
		if m, ok, _ := o.peek(); ok {
			t.Fatalf("peek() = %q after the last pop, want nothing", m.Bytes())
		}

		// A waiting sender takes the room first.
		o = newOutbox(1, 10)
		if err := o.push(context.Background(), msg("a")); err != nil {
			t.Fatal(err)
		}
		go func() { _ = o.push(context.Background(), msg("b")) }()
		synctest.Wait()
		if n, b := o.free(); n != 0 || b != 0 {
			t.Errorf("free() while a sender waits = %d, %d want 0, 0", n, b)
		}
		o.pop()
		synctest.Wait()

		// Held (a Client Closed with QueueWhileClosed): room as usual.
		o = newOutbox(2, 10)
		o.close(true)
		if n, b := o.free(); n != 2 || b != 10 {
			t.Errorf("free() while holding = %d, %d want 2, 10", n, b)
		}
		if err := o.admit([]sdk.Message{m1}); err != nil {
			t.Errorf("admit() while holding = %v", err)
		}
		// Closed: no room, and admit refuses.
		o = newOutbox(2, 10)
		o.close(false)
		if n, b := o.free(); n != 0 || b != 0 {
			t.Errorf("free() when closed = %d, %d want 0, 0", n, b)
		}
		if err := o.admit([]sdk.Message{m1}); !errors.Is(err, sdk.ErrClosed) {
			t.Errorf("admit() when closed = %v want ErrClosed", err)
		}
		if n, _ := o.len(); n != 0 {
			t.Errorf("len() = %d after a refused admit, want 0", n)
		}
	})
}
