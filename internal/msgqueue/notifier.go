package msgqueue

import "sync"

// Notifier broadcasts "something changed" to any number of waiters: Wait
// returns a channel that is closed at the next Notify. Take the channel
// before looking at the state it guards, so a change in between is not
// missed. The zero value is ready to use and safe for concurrent use.
type Notifier struct {
	mu sync.Mutex
	ch chan struct{}
}

// Wait returns a channel closed at the next Notify.
func (n *Notifier) Wait() <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ch == nil {
		n.ch = make(chan struct{})
	}
	return n.ch
}

// Notify wakes every waiter.
func (n *Notifier) Notify() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ch != nil {
		close(n.ch)
		n.ch = nil
	}
}
