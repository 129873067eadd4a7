package reconnect

import (
	"context"
	"sync"

	"github.com/wasmws/wasmws/internal/msgqueue"
	"github.com/wasmws/wasmws/sdk"
)

// message is one outgoing message: queued by Send, or a heartbeat. Its
// sdk.Message was checked and copied once, by Send; the connection sends it
// as it is.
type message struct {
	sdk.Message
	heartbeat bool
}

// size is what the message counts for against MaxQueuedBytes and in the
// byte positions of inflight: its payload.
func (m message) size() int64 { return int64(m.Len()) }

// outbox holds the messages queued by Client.Send until the pump hands them
// to a connection, bounded in messages and bytes. Senders that find it full
// wait in FIFO order, so a large message is not starved by small ones.
// Replayed messages go back at the head regardless of the bounds. Safe for
// concurrent use; the zero value is not usable (see newOutbox).
type outbox struct {
	maxMsgs  int
	maxBytes int64
	changed  msgqueue.Notifier // a message was added

	mu      sync.Mutex
	msgs    []message // head at msgs[0]
	bytes   int64
	waiters []*sender
	closed  bool // no more pushes
	holding bool // pushes that fit only: no sender waits (a Client Closed with QueueWhileClosed)
}

// sender is a Send waiting for room.
type sender struct {
	m      message
	ready  chan struct{} // closed once queued, or once the outbox closed
	queued bool
}

func newOutbox(maxMsgs int, maxBytes int64) *outbox {
	return &outbox{maxMsgs: maxMsgs, maxBytes: maxBytes}
}

// fits reports whether m may be added now. o.mu must be held.
func (o *outbox) fits(m message) bool {
	return len(o.msgs) < o.maxMsgs && o.bytes+m.size() <= o.maxBytes
}

// addLocked appends m. o.mu must be held.
func (o *outbox) addLocked(m message) {
	o.msgs = append(o.msgs, m)
	o.bytes += m.size()
	o.changed.Notify()
}

// push queues m at the tail, waiting for room until ctx ends. It returns nil
// once m is queued; an error (ctx's, or closedError) means it was not.
func (o *outbox) push(ctx context.Context, m message) error {
	queued, w, err := o.reserve(m, ctx.Err() == nil)
	switch {
	case err != nil:
		return err
	case queued:
		return nil
	case w == nil:
		return ctx.Err()
	}
	return o.await(ctx, w)
}

// reserve queues m at once if it fits and no sender waits (queued), or, if
// line is true, puts it in line among the waiting senders and returns its
// place, to pass to await. With line false a message that does not fit is
// left out. An error (closedError) means m was not queued.
func (o *outbox) reserve(m message, line bool) (queued bool, w *sender, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return false, nil, closedError{}
	}
	if len(o.waiters) == 0 && o.fits(m) {
		o.addLocked(m)
		return true, nil, nil
	}
	if o.holding {
		return false, nil, ErrOutboxFull
	}
	if !line {
		return false, nil, nil
	}
	w = &sender{m: m, ready: make(chan struct{})}
	o.waiters = append(o.waiters, w)
	return false, w, nil
}

// room reports whether msgs more messages of size bytes would be queued at
// once.
func (o *outbox) room(msgs int, size int64) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return !o.closed && len(o.waiters) == 0 &&
		len(o.msgs)+msgs <= o.maxMsgs && o.bytes+size <= o.maxBytes
}

// free returns how many more messages, of how many bytes in all, reserve
// would queue at once: none while senders wait or pushes are refused.
func (o *outbox) free() (int, int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed || len(o.waiters) > 0 {
		return 0, 0
	}
	return max(o.maxMsgs-len(o.msgs), 0), max(o.maxBytes-o.bytes, 0)
}

// admit appends ms, in order, whatever the bounds: messages a caller
// accepted against free (see package internal/jsoutbox). It returns
// closedError, queuing none, if pushes are refused.
func (o *outbox) admit(ms []sdk.Message) error {
	if len(ms) == 0 {
		return nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return closedError{}
	}
	for _, m := range ms {
		o.msgs = append(o.msgs, message{Message: m})
		o.bytes += int64(m.Len())
	}
	o.changed.Notify()
	return nil
}

// reopen undoes close: pushes are accepted again. Unless keep, the messages
// left are dropped.
func (o *outbox) reopen(keep bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.closed, o.holding = false, false
	if !keep {
		clear(o.msgs)
		o.msgs, o.bytes = o.msgs[:0], 0
	}
}

// await waits until the sender w is queued, the outbox closes or ctx ends;
// nil means w's message was queued.
func (o *outbox) await(ctx context.Context, w *sender) error {
	select {
	case <-w.ready:
	case <-ctx.Done():
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if w.queued {
		return nil // queued before or as ctx ended: it stays queued
	}
	for i, x := range o.waiters {
		if x == w {
			o.waiters = append(o.waiters[:i], o.waiters[i+1:]...)
			break
		}
	}
	o.admitLocked() // w may have held up smaller messages behind it
	switch {
	case o.closed:
		return closedError{}
	case o.holding:
		return ErrOutboxFull
	}
	return ctx.Err()
}

// admitLocked queues waiting senders, in order, while they fit. o.mu must be
// held.
func (o *outbox) admitLocked() {
	for len(o.waiters) > 0 && o.fits(o.waiters[0].m) {
		w := o.waiters[0]
		o.waiters[0] = nil
		o.waiters = o.waiters[1:]
		o.addLocked(w.m)
		w.queued = true
		close(w.ready)
	}
}

// peek returns the head message without removing it, or false and a channel
// that is closed when a message is added.
func (o *outbox) peek() (message, bool, <-chan struct{}) {
	if m, ok := o.head(); ok {
		return m, true, nil // no channel: Wait makes one per call
	}
	ch := o.changed.Wait() // before looking again, so an add in between is not missed
	if m, ok := o.head(); ok {
		return m, true, nil
	}
	return message{}, false, ch
}

// head returns the head message, if there is one.
func (o *outbox) head() (message, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.msgs) == 0 {
		return message{}, false
	}
	return o.msgs[0], true
}

// pop removes the head message (the one peek returned) and lets waiting
// senders in.
func (o *outbox) pop() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.msgs) == 0 {
		return
	}
	o.bytes -= o.msgs[0].size()
	o.msgs[0] = message{}
	o.msgs = o.msgs[1:]
	o.admitLocked()
}

// pushFront puts ms back at the head, in order, whatever the bounds: they
// were queued once already and are never dropped.
func (o *outbox) pushFront(ms []message) {
	if len(ms) == 0 {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	q := make([]message, 0, len(ms)+len(o.msgs))
	q = append(append(q, ms...), o.msgs...)
	o.msgs = q
	for _, m := range ms {
		o.bytes += m.size()
	}
	o.changed.Notify()
}

// close refuses further pushes, or, with hold, those that do not fit at once
// (ErrOutboxFull): nothing makes room until reopen. Waiting senders return
// closedError, or ErrOutboxFull with hold. The messages queued stay, for
// the pump to flush.
func (o *outbox) close(hold bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed || o.holding {
		return
	}
	if hold {
		o.holding = true
	} else {
		o.closed = true
	}
	for _, w := range o.waiters {
		close(w.ready)
	}
	o.waiters = nil
}

// len returns the messages and bytes queued.
func (o *outbox) len() (int, int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.msgs), o.bytes
}
