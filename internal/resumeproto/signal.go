package resumeproto

// Signal wakes every goroutine waiting for a change of the state it guards,
// and allocates only when someone waits: a Broadcast with no waiter (the
// common case on a busy session, once per message) costs nothing. The
// caller holds its own lock around both methods. The zero value is ready.
type Signal struct{ ch chan struct{} }

// Wait returns a channel closed at the next Broadcast. Call it under the
// caller's lock, then wait on the channel after releasing it.
func (s *Signal) Wait() <-chan struct{} {
	if s.ch == nil {
		s.ch = make(chan struct{})
	}
	return s.ch
}

// Broadcast wakes every waiter.
func (s *Signal) Broadcast() {
	if s.ch != nil {
		close(s.ch)
		s.ch = nil
	}
}
