package msgqueue

import (
	"context"
	"sync"
)

// Queue is a FIFO of messages bounded in bytes: a message is admitted when
// the queue is empty (so one message larger than the limit still passes) or
// when it fits within Limit. Cost says what a message counts for. After
// Close, queued messages can still be taken, then Pop returns the close
// error. Safe for concurrent use; set Limit and Cost before first use.
type Queue[T any] struct {
	Limit int64
	Cost  func(T) int64

	changed Notifier

	mu     sync.Mutex
	msgs   []T
	bytes  int64
	closed bool
	err    error
}

// TryPush queues m if it fits now and reports whether it did. After Close it
// drops m and reports true: no one is left to take it.
func (q *Queue[T]) TryPush(m T) bool {
	n := q.Cost(m)
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return true
	}
	if len(q.msgs) > 0 && q.bytes+n > q.Limit {
		return false
	}
	q.addLocked(m, n)
	return true
}

// Push queues m, waiting while the queue is full. It gives up and reports
// false when stop is closed or the queue is closed.
func (q *Queue[T]) Push(stop <-chan struct{}, m T) bool {
	for {
		ch := q.changed.Wait()
		q.mu.Lock()
		closed := q.closed
		q.mu.Unlock()
		if closed {
			return false
		}
		if q.TryPush(m) {
			return true
		}
		select {
		case <-ch:
		case <-stop:
			return false
		}
	}
}

// Add queues m whatever the limit: for a message already in memory elsewhere,
// whose move here grows nothing. After Close it drops m.
func (q *Queue[T]) Add(m T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.closed {
		q.addLocked(m, q.Cost(m))
	}
}

func (q *Queue[T]) addLocked(m T, n int64) {
	q.msgs = append(q.msgs, m)
	q.bytes += n
	q.changed.Notify()
}

// Pop takes the oldest message, waiting for one until ctx ends. Once the
// queue is closed and empty it returns the close error.
func (q *Queue[T]) Pop(ctx context.Context) (T, error) {
	var zero T
	var ch <-chan struct{} // taken only once the queue was seen empty: a new channel per wait
	for {
		q.mu.Lock()
		if len(q.msgs) > 0 {
			m := q.msgs[0]
			q.msgs[0] = zero
			q.msgs = q.msgs[1:]
			q.bytes -= q.Cost(m)
			q.changed.Notify()
			q.mu.Unlock()
			return m, nil
		}
		if q.closed {
			err := q.err
			q.mu.Unlock()
			return zero, err
		}
		q.mu.Unlock()
		if ch == nil {
			// Look again once the channel is taken, so that a push in
			// between is not missed.
			ch = q.changed.Wait()
			continue
		}
		select {
		case <-ch:
			ch = nil
		case <-ctx.Done():
			return zero, ctx.Err()
		}
	}
}

// Reopen undoes Close: pushes are accepted again, and Pop waits for them
// once the messages left are taken. For an owner that starts again.
func (q *Queue[T]) Reopen() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed, q.err = false, nil
}

// Close ends pushing; err is what Pop returns once the queue is drained.
func (q *Queue[T]) Close(err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.closed {
		q.closed, q.err = true, err
		q.changed.Notify()
	}
}
