package msgqueue

import (
	"context"
	"errors"
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
