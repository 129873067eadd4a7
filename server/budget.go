//go:build !js

package server

import "sync"

// budget bounds the bytes of message data the server holds across all its
// connections (see [Options.MemoryBudget]). Echo buffers wait for room; push
// buffers, reserved before the handshake is answered, are refused when
// there is none; resume-mode reads wait for their first bytes and are cut
// when they outgrow the room left (readWithinBudget). Create it with
// newBudget; it is safe for concurrent use.
type budget struct {
	mu    sync.Mutex
	limit int64
	used  int64
	peak  int64 // the most bytes ever taken at once
	// freed is closed when bytes are released while someone waits for
	// room (waited), then replaced: a release nobody waits for, the usual
	// case, costs no channel.
	freed  chan struct{}
	waited bool
}

func newBudget(limit int64) *budget {
	return &budget{limit: limit, freed: make(chan struct{})}
}

// tryAcquire takes n bytes if there is room for them now.
func (b *budget) tryAcquire(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.used+n > b.limit {
		return false
	}
	b.take(n)
	return true
}

// take adds n bytes to those taken; b.mu is held.
func (b *budget) take(n int64) {
	b.used += n
	b.peak = max(b.peak, b.used)
}

// acquire takes n bytes, waiting for room until stop or expired is closed;
// it reports whether it took them. n must not exceed the limit.
func (b *budget) acquire(n int64, stop, expired <-chan struct{}) bool {
	for {
		b.mu.Lock()
		if b.used+n <= b.limit {
			b.take(n)
			b.mu.Unlock()
			return true
		}
		freed := b.freed
		b.waited = true
		b.mu.Unlock()
		select {
		case <-freed:
		case <-stop:
			return false
		case <-expired:
			return false
		}
	}
}

// release gives back n bytes taken before.
func (b *budget) release(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= n
	if b.waited {
		close(b.freed)
		b.freed, b.waited = make(chan struct{}), false
	}
}

// inUse returns the bytes taken.
func (b *budget) inUse() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}

// highWater returns the most bytes taken at once since b was created.
func (b *budget) highWater() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.peak
}
