package reconnect

import "sync"

// dispatcher calls Options.OnStateChange with every event, in order, from a
// goroutine of its own, so the Client never waits for the callback and never
// holds a lock while it runs. The queue is not bounded by a number, but
// events come at most a few per attempt, and an attempt waits for
// ConnectTimeout or a backoff delay. A nil *dispatcher drops events.
type dispatcher struct {
	fn   func(StateChange)
	wake chan struct{} // capacity 1

	mu       sync.Mutex
	queue    []StateChange
	finished chan struct{} // set by finish: close it once the queue is delivered
}

// newDispatcher returns a dispatcher for fn (nil if fn is nil) that
// delivers nothing before after, if not nil, is closed: the previous
// dispatcher of a restarted Client has delivered its last event.
func newDispatcher(fn func(StateChange), after <-chan struct{}) *dispatcher {
	if fn == nil {
		return nil
	}
	d := &dispatcher{fn: fn, wake: make(chan struct{}, 1)}
	go func() {
		if after != nil {
			<-after
		}
		d.run()
	}()
	return d
}

// emit queues ev for the callback.
func (d *dispatcher) emit(ev StateChange) {
	if d == nil {
		return
	}
	d.mu.Lock()
	d.queue = append(d.queue, ev)
	d.mu.Unlock()
	d.signal()
}

// finish lets the goroutine end once the queued events are delivered: the
// callback has returned from the last one. It then closes done (at once for
// a nil dispatcher).
func (d *dispatcher) finish(done chan struct{}) {
	if d == nil {
		close(done)
		return
	}
	d.mu.Lock()
	d.finished = done
	d.mu.Unlock()
	d.signal()
}

func (d *dispatcher) signal() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

func (d *dispatcher) run() {
	for range d.wake {
		for {
			d.mu.Lock()
			if len(d.queue) == 0 {
				finished := d.finished
				d.mu.Unlock()
				if finished != nil {
					close(finished)
					return
				}
				break
			}
			ev := d.queue[0]
			d.queue[0] = StateChange{}
			d.queue = d.queue[1:]
			d.mu.Unlock()
			d.fn(ev)
		}
	}
}
