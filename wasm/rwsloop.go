//go:build js && wasm

package main

import (
	"context"
	"errors"
	"sync"
	"syscall/js"

	"github.com/wasmws/wasmws/internal/errtree"
	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// changeQueue carries a Client's state changes (from its OnStateChange) to
// the event loop, and interrupts the loop's Receive when one arrives.
type changeQueue struct {
	ready chan struct{} // capacity 1: a change was pushed

	mu   sync.Mutex
	evs  []reconnect.StateChange
	wake context.CancelFunc // ends the loop's current Receive
}

func newChangeQueue() *changeQueue { return &changeQueue{ready: make(chan struct{}, 1)} }

// push is the Client's OnStateChange.
func (q *changeQueue) push(ev reconnect.StateChange) {
	q.mu.Lock()
	q.evs = append(q.evs, ev)
	wake := q.wake
	q.mu.Unlock()
	if wake != nil {
		wake()
	}
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

// arm makes the next push call cancel, or calls it now if changes wait.
func (q *changeQueue) arm(cancel context.CancelFunc) {
	q.mu.Lock()
	q.wake = cancel
	n := len(q.evs)
	q.mu.Unlock()
	if n > 0 {
		cancel()
	}
}

// take returns and removes the waiting changes.
func (q *changeQueue) take() []reconnect.StateChange {
	q.mu.Lock()
	defer q.mu.Unlock()
	evs := q.evs
	q.evs = nil
	return evs
}

// putBack returns changes taken but not handled (those of the next run) to
// the head of the queue, for the next run's loop.
func (q *changeQueue) putBack(evs []reconnect.StateChange) {
	if len(evs) == 0 {
		return
	}
	q.mu.Lock()
	q.evs = append(append([]reconnect.StateChange(nil), evs...), q.evs...)
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

// loop delivers the Client's messages and state changes to the shell, in
// order, until the Client is Closed: one run of it. It is the Client's only
// reader.
//
// The Client moves every message of a connection to its inbox before it
// reports the connection's end, so on a state change the loop first
// dispatches the messages waiting, then the change. Messages of the next
// connection cannot be waiting yet: the browser delivers them in later tasks,
// and the Go runtime runs every goroutine before it returns to JavaScript.
//
// Messages go to the shell in batches: one call dispatches every message
// waiting (see deliveries), and then the loop takes the messages their
// listeners sent (see sendQueue).
func (r *rws) loop() {
	c, q := r.client, r.changes
	for {
		ctx, cancel := context.WithCancel(context.Background())
		q.arm(cancel)
		typ, p, err := c.Receive(ctx)
		cancel()
		if err == nil {
			r.deliver(typ, p)
		}
		clientDone := err != nil && !errors.Is(err, context.Canceled) // else a change interrupted it
		r.drain(c)
		evs := q.take()
		for i, ev := range evs {
			if r.change(ev) {
				q.putBack(evs[i+1:])
				r.takeSends()
				return
			}
		}
		if len(evs) > 0 {
			r.takeSends() // the events' listeners may have sent
		}
		if clientDone {
			<-q.ready // the last changes are on their way
		}
	}
}

// drain dispatches the messages waiting in the Client's inbox, then takes
// the messages their listeners sent.
func (r *rws) drain(c *reconnect.Client) {
	for {
		typ, p, err := c.Receive(doneCtx)
		if err != nil {
			break
		}
		r.deliver(typ, p)
	}
	r.deliveries.flush()
	r.takeSends()
}

// deliver hands one received message to the shell: a placeholder (nil p)
// stands for the oldest payload the shell kept, and joins the batch of
// deliveries; anything else is a payload that came into Go (a heartbeat
// look-alike the Client did not take), dispatched after the batch before it.
func (r *rws) deliver(typ sdk.MessageType, p []byte) {
	if p == nil {
		r.deliveries.n++
		return
	}
	r.deliveries.flush()
	r.mu.Lock()
	r.copied++
	r.mu.Unlock()
	v, err := jsPayload(typ, p)
	if err != nil {
		consoleError(errtree.Prefix + errtree.Nested(err))
		return
	}
	call(r.port, "message", v)
}

// deliveries is the batch of placeholders the event loop has not yet
// handed to the shell. Only the event loop uses it.
type deliveries struct {
	fn js.Value // the shell's deliver(n), which never throws
	n  int
}

// flush has the shell dispatch the oldest n payloads it kept, in one call.
func (d *deliveries) flush() {
	if d.n > 0 {
		d.fn.Invoke(d.n)
		d.n = 0
	}
}

// change reports one state change to the shell: the new state, then the
// events it makes. It reports whether the Client is Closed.
func (r *rws) change(ev reconnect.StateChange) bool {
	r.mu.Lock()
	closeCode, closeReason, closing := r.closeCode, r.closeReason, r.closing
	r.mu.Unlock()
	failedAttempt := ev.From == reconnect.Connecting && ev.To != reconnect.Open && ev.Cause != nil

	switch ev.To {
	case reconnect.Open:
		r.setState(ev.To)
		r.reportOpen(ev) // rwsresume.go
		return false
	case reconnect.Closing:
		r.setState(ev.To)
		return false
	case reconnect.Connecting, reconnect.Waiting:
		r.setState(ev.To)
		if ev.From == reconnect.Waiting || ev.From == reconnect.Closed {
			return false // the wait is over, or reconnect() started it: nothing to report
		}
		end := r.takeEnd()
		r.reportError(failedAttempt || (end != nil && end.err))
		r.reportClose(end, ev.URL)
		reason := "reconnect() was called"
		if ev.Cause != nil {
			reason = ev.Cause.Error()
		}
		call(r.port, "event", "reconnecting", ev.Attempt, ev.Delay.Milliseconds(), reason, ev.URL)
		return false
	}

	// Closed: for good, unless reconnect() starts the Client again.
	r.mu.Lock()
	r.closing, r.throttled = false, false
	r.mu.Unlock()
	r.setState(ev.To)
	end := r.takeEnd()
	if end == nil {
		// No socket ended with this change: say how the Client ended.
		end = &socketEnd{ce: sdk.CloseError{Code: sdk.StatusAbnormalClosure}}
		switch {
		case closing:
			end.ce = sdk.CloseError{Code: closeCode, Reason: closeReason, WasClean: true}
			if end.ce.Code == 0 {
				end.ce.Code = sdk.StatusNoStatusRcvd
			}
		default:
			if ce, ok := errtree.As[sdk.CloseError](ev.Cause); ok {
				end.ce = ce
			}
		}
	}
	r.reportError(failedAttempt || end.err)
	if errors.Is(ev.Cause, reconnect.ErrMaxRetries) {
		call(r.port, "event", "giveup", ev.Attempt, ev.Cause.Error(), ev.URL)
	}
	r.reportClose(end, ev.URL)
	return true
}

// takeEnd removes and returns the oldest socket end not yet reported, or nil.
func (r *rws) takeEnd() *socketEnd {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.ends) == 0 {
		return nil
	}
	end := r.ends[0]
	r.ends = r.ends[1:]
	return &end
}

// reportError dispatches the error event of a socket that failed.
func (r *rws) reportError(failed bool) {
	if failed {
		call(r.port, "event", "error")
	}
}

// reportClose dispatches the close event of a socket that ended, with the
// URL it was for.
func (r *rws) reportClose(end *socketEnd, url string) {
	if end != nil {
		call(r.port, "event", "close", int(end.ce.Code), end.ce.Reason, end.ce.WasClean, url)
	}
}

// setState tells the shell the Client's state.
func (r *rws) setState(s reconnect.State) {
	name := []byte(s.String())
	name[0] += 'a' - 'A'
	call(r.port, "state", string(name), int(s.ReadyState()))
}
