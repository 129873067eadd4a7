package msgqueue

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func newQueue(limit int64) *Queue[string] {
	return &Queue[string]{Limit: limit, Cost: func(s string) int64 { return int64(len(s)) }}
}

func TestQueueBounds(t *testing.T) {
	q := newQueue(5)
	if !q.TryPush("abcdefgh") {
		t.Fatalf("TryPush(8 bytes) into an empty queue of 5 = false, want true")
	}
	if q.TryPush("x") {
		t.Fatalf("TryPush into a full queue = true")
	}
	stop := make(chan struct{})
	close(stop)
	if q.Push(stop, "x") {
		t.Fatalf("Push with stop closed into a full queue = true")
	}
	q.Add("forced")
	ctx := context.Background()
	for _, want := range []string{"abcdefgh", "forced"} {
		if got, err := q.Pop(ctx); got != want || err != nil {
			t.Fatalf("Pop() = %q, %v want %q", got, err, want)
		}
	}
	if !q.TryPush("abc") || !q.TryPush("de") || q.TryPush("f") {
		t.Fatalf("TryPush within the limit of 5: want abc, de in and f out")
	}
}

func TestQueuePushWaitsForRoom(t *testing.T) {
	q := newQueue(2)
	q.TryPush("ab")
	done := make(chan bool)
	go func() { done <- q.Push(nil, "cd") }()
	if got, _ := q.Pop(context.Background()); got != "ab" {
		t.Fatalf("Pop() = %q", got)
	}
	if !<-done {
		t.Fatalf("Push after room was made = false")
	}
	if got, _ := q.Pop(context.Background()); got != "cd" {
		t.Fatalf("Pop() = %q want cd", got)
	}
}

func TestQueueClose(t *testing.T) {
	q := newQueue(10)
	q.TryPush("left")
	errEnd := errors.New("end")
	q.Close(errEnd)
	if !q.TryPush("dropped") {
		t.Errorf("TryPush after Close = false, want true (dropped)")
	}
	if q.Push(nil, "x") {
		t.Errorf("Push after Close = true")
	}
	ctx := context.Background()
	if got, err := q.Pop(ctx); got != "left" || err != nil {
		t.Fatalf("Pop() after Close = %q, %v want the queued message", got, err)
	}
	if _, err := q.Pop(ctx); !errors.Is(err, errEnd) {
		t.Fatalf("Pop() on a closed, drained queue = %v want %v", err, errEnd)
	}
	ctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := newQueue(1).Pop(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Pop(cancelled) = %v", err)
	}
}

func TestQueueTryPushAll(t *testing.T) {
	q := newQueue(5)
	if n := q.TryPushAll([]string{"abcdefgh", "x"}); n != 1 {
		t.Fatalf("TryPushAll(8 bytes, 1 byte) into an empty queue of 5 = %d, want 1", n)
	}
	if n := q.TryPushAll([]string{"y"}); n != 0 {
		t.Fatalf("TryPushAll into a full queue = %d, want 0", n)
	}
	if got := q.Room(); got != -3 {
		t.Fatalf("Room() = %d, want -3", got)
	}
	q.Pop(context.Background())
	if n := q.TryPushAll([]string{"ab", "cd", "ef"}); n != 2 {
		t.Fatalf("TryPushAll(2, 2, 2 bytes) into an empty queue of 5 = %d, want 2", n)
	}
	if got := q.Room(); got != 1 {
		t.Fatalf("Room() = %d, want 1", got)
	}
	q.Close(errors.New("end"))
	if n := q.TryPushAll([]string{"a", "b"}); n != 2 {
		t.Fatalf("TryPushAll after Close = %d, want 2 (dropped)", n)
	}
}

func TestQueueDrain(t *testing.T) {
	q := newQueue(100)
	var got []string
	collect := func(s string) { got = append(got, s) }
	if n := q.Drain(collect); n != 0 || got != nil {
		t.Fatalf("Drain of an empty queue = %d, %q", n, got)
	}
	q.TryPushAll([]string{"a", "b", "c"})
	if m, _ := q.Pop(context.Background()); m != "a" {
		t.Fatalf("Pop() = %q, want a", m)
	}
	// A message queued while f runs waits for the next Drain, after the
	// ones taken.
	n := q.Drain(func(s string) {
		collect(s)
		if s == "b" {
			q.TryPush("d")
		}
	})
	if n != 2 || !slices.Equal(got, []string{"b", "c"}) {
		t.Fatalf("Drain = %d, %q; want 2, [b c]", n, got)
	}
	if room := q.Room(); room != 99 {
		t.Fatalf("Room() after Drain = %d, want 99 (d queued)", room)
	}
	q.TryPush("e")
	if n := q.Drain(collect); n != 2 || !slices.Equal(got, []string{"b", "c", "d", "e"}) {
		t.Fatalf("second Drain = %d, %q; want 2, [b c d e]", n, got)
	}
	q.Close(errors.New("end"))
	if _, err := q.Pop(context.Background()); err == nil {
		t.Fatalf("Pop() of a drained, closed queue = nil error")
	}
}
