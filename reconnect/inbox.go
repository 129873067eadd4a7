package reconnect

import (
	"context"
	"sync"

	"github.com/wasmws/wasmws/sdk"
)

// inboxLimit bounds the bytes of received messages a Client holds beyond each
// connection's own receive buffer (sdk.Options.ReceiveBuffer), counting each
// message at least sdk.MessageOverhead bytes; one message larger than this
// still passes when the inbox is empty.
const inboxLimit = 256 << 10

// received is one received message.
type received struct {
	typ  sdk.MessageType
	data []byte
}

func (m received) cost() int64 { return max(int64(len(m.data)), sdk.MessageOverhead) }

// inbox is the Client's one receive queue, fed by one forwarder per
// connection in turn, read by Client.Receive. After close, the queued messages
// can still be taken, then pop returns the close error. Safe for concurrent
// use.
type inbox struct {
	changed notifier

	mu     sync.Mutex
	msgs   []received
	bytes  int64
	closed bool
	err    error
}

// tryPush queues m if it fits and reports whether it did.
func (q *inbox) tryPush(m received) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.msgs) > 0 && q.bytes+m.cost() > inboxLimit {
		return false
	}
	q.addLocked(m)
	return true
}

// push queues m, waiting while the inbox is full, until force is closed:
// then it queues m anyway. A forwarder passes its connection's Done: once a
// connection is closed, its unread messages are in memory already, and moving
// them here grows nothing.
func (q *inbox) push(force <-chan struct{}, m received) {
	for {
		ch := q.changed.wait()
		if q.tryPush(m) {
			return
		}
		select {
		case <-ch:
		case <-force:
			q.mu.Lock()
			q.addLocked(m)
			q.mu.Unlock()
			return
		}
	}
}

func (q *inbox) addLocked(m received) {
	q.msgs = append(q.msgs, m)
	q.bytes += m.cost()
	q.changed.notify()
}

// pop takes the oldest message, waiting for one until ctx ends. Once the inbox
// is closed and empty it returns the close error.
func (q *inbox) pop(ctx context.Context) (received, error) {
	for {
		ch := q.changed.wait()
		q.mu.Lock()
		if len(q.msgs) > 0 {
			m := q.msgs[0]
			q.msgs[0] = received{}
			q.msgs = q.msgs[1:]
			q.bytes -= m.cost()
			q.changed.notify()
			q.mu.Unlock()
			return m, nil
		}
		if q.closed {
			err := q.err
			q.mu.Unlock()
			return received{}, err
		}
		q.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return received{}, ctx.Err()
		}
	}
}

// close ends the inbox: err is what pop returns once it is drained.
func (q *inbox) close(err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.closed {
		q.closed, q.err = true, err
		q.changed.notify()
	}
}
