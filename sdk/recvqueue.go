package sdk

import (
	"context"
	"sync"
)

// inbound is one received message.
type inbound struct {
	typ  MessageType
	data []byte
}

// messageCost is what a message of n bytes counts for against a byte limit.
func messageCost(n int) int64 { return int64(max(n, MessageOverhead)) }

// recvQueue holds received messages until Receive takes them, bounded in
// bytes (see Options.ReceiveBuffer). After close, the queued messages can
// still be taken, then pop returns the close error. Safe for concurrent use.
type recvQueue struct {
	limit   int64
	changed notifier

	mu     sync.Mutex
	msgs   []inbound
	bytes  int64
	closed bool
	err    error
}

// fits reports whether a message of cost n may be queued now: always into an
// empty queue (so one message larger than the limit still gets through), else
// only within the limit. q.mu must be held.
func (q *recvQueue) fits(n int64) bool {
	return len(q.msgs) == 0 || q.bytes+n <= q.limit
}

// tryPush queues m if it fits and reports whether it did. After close it
// drops m and reports true: there is no one left to deliver it to.
//
//lint:ignore U1000 used by the browser transport (transport_js.go)
func (q *recvQueue) tryPush(m inbound) bool {
	n := messageCost(len(m.data))
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return true
	}
	if !q.fits(n) {
		return false
	}
	q.msgs = append(q.msgs, m)
	q.bytes += n
	q.changed.notify()
	return true
}

// push queues m, waiting while the queue is full. It gives up and reports
// false when stop is closed or the queue is closed.
//
//lint:ignore U1000 used by the native transport (transport_notjs.go)
func (q *recvQueue) push(stop <-chan struct{}, m inbound) bool {
	n := messageCost(len(m.data))
	for {
		q.mu.Lock()
		if q.closed {
			q.mu.Unlock()
			return false
		}
		if q.fits(n) {
			q.msgs = append(q.msgs, m)
			q.bytes += n
			q.changed.notify()
			q.mu.Unlock()
			return true
		}
		ch := q.changed.wait()
		q.mu.Unlock()
		select {
		case <-ch:
		case <-stop:
			return false
		}
	}
}

// pop takes the oldest message, waiting for one. Once the queue is closed and
// empty it returns the close error.
func (q *recvQueue) pop(ctx context.Context) (inbound, error) {
	for {
		q.mu.Lock()
		if len(q.msgs) > 0 {
			m := q.msgs[0]
			q.msgs[0] = inbound{}
			q.msgs = q.msgs[1:]
			q.bytes -= messageCost(len(m.data))
			q.changed.notify()
			q.mu.Unlock()
			return m, nil
		}
		if q.closed {
			err := q.err
			q.mu.Unlock()
			return inbound{}, err
		}
		ch := q.changed.wait()
		q.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return inbound{}, ctx.Err()
		}
	}
}

// close ends pushing; err is what pop returns once the queue is drained.
func (q *recvQueue) close(err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.closed {
		q.closed, q.err = true, err
		q.changed.notify()
	}
}
