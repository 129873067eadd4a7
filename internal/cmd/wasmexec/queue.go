//go:build !js

package main

import "sync"

// event is something the page did, in the order the browser reported it.
type event struct {
	kind eventKind
	text string // the binding's payload, or a console message's text
	sub  string // the console message's kind
}

type eventKind int

const (
	eventReport  eventKind = iota + 1 // a call of the harness's binding
	eventConsole                      // a console message or exception
	eventCrash                        // the page crashed
	eventDetach                       // the browser detached from the page
)

// queue is an unbounded FIFO of events. The browser's read loop pushes (it
// must never block); the runner takes. Its zero value is not usable; call
// newQueue. It is safe for concurrent use.
type queue struct {
	mu     sync.Mutex
	events []event
	ready  chan struct{} // has a value when events may be non-empty
}

func newQueue() *queue {
	return &queue{ready: make(chan struct{}, 1)}
}

func (q *queue) push(e event) {
	q.mu.Lock()
	q.events = append(q.events, e)
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

// take removes and returns every queued event.
func (q *queue) take() []event {
	q.mu.Lock()
	defer q.mu.Unlock()
	events := q.events
	q.events = nil
	return events
}
