//go:build js && wasm

package main

import (
	"context"
	"errors"
	"time"

	"github.com/hack-pad/safejs"
	"github.com/wasmws/wasmws/sdk"
)

// Results of rwsSend.
const (
	sendQueued    = 0 // queued; not throttled
	sendThrottled = 1 // queued; bufferedAmount is above highWaterMark
	sendWaiting   = 2 // sendAsync: waiting for room; accepted or rejected follows
)

// rwsSend(id, data, token) queues one message in the Client's outbox, data
// being a string or a Uint8Array, after the messages of the send queue, and
// returns sendQueued or sendThrottled,
// or {error, message}: QuotaExceededError when the outbox is full. With a
// token (sendAsync) a full outbox is waited for instead, in line
// (reconnect.Client.SendAsync): it returns sendWaiting, and the shell's
// accepted(token, throttled) or rejected(token, name, message) follows. It
// is send()'s way for what the send queue does not take (see sendQueue), and
// sendAsync's.
func (e *engine) rwsSend(args []safejs.Value) any {
	r := e.rws(args)
	if r == nil {
		return fail(sdk.ErrClosed)
	}
	r.takeSends()
	defer r.sends.flush() // the room left, for the send queue
	typ, p, err := payload(arg(args, 1))
	if err != nil {
		return fail(err)
	}
	token := argFloat(args, 2)
	if token == 0 {
		err = r.client.Send(doneCtx, typ, p)
		if errors.Is(err, context.Canceled) {
			err = errQuota // it would have had to wait for room
		}
	} else {
		var queued bool
		queued, err = r.client.SendAsync(typ, p, func(err error) {
			if err != nil {
				call(r.port, "rejected", token, errorName(err), err.Error())
				return
			}
			call(r.port, "accepted", token, r.afterQueued() == sendThrottled)
		})
		if err == nil && !queued {
			return sendWaiting
		}
	}
	if err != nil {
		return fail(err)
	}
	return r.afterQueued()
}

// afterQueued applies the water marks of the JavaScript class after a
// message was queued: once the bufferedAmount rises above highWaterMark, the
// connection is throttled until it falls to lowWaterMark (polled; drained()
// reports it), which is when sendAsync's promise resolves.
func (r *rws) afterQueued() int {
	r.mu.Lock()
	throttled := r.throttled
	r.mu.Unlock()
	if !throttled && r.client.BufferedAmount() <= r.high {
		return sendQueued
	}
	r.mu.Lock()
	r.throttled = true
	if !r.polling {
		r.polling = true
		go r.poll()
	}
	r.mu.Unlock()
	return sendThrottled
}

// poll waits, polling, for the bufferedAmount to fall to lowWaterMark, then
// calls drained(). It gives up when the throttle is lifted (the
// ReconnectingWebSocket closed).
func (r *rws) poll() {
	t := time.NewTicker(sdk.BufferedPollInterval)
	defer t.Stop()
	for range t.C {
		r.mu.Lock()
		throttled := r.throttled
		r.mu.Unlock()
		if throttled && r.client.BufferedAmount() > r.low {
			continue
		}
		r.mu.Lock()
		r.throttled, r.polling = false, false
		r.mu.Unlock()
		if throttled {
			call(r.port, "drained")
		}
		return
	}
}

// rwsRoom(id, messages, bytes) reports whether that many more messages of
// that many bytes would be queued now (reconnect.Client.Room). wasmws.js
// asks it before it holds messages back behind a Blob it is reading.
func (e *engine) rwsRoom(args []safejs.Value) any {
	r := e.rws(args)
	if r == nil {
		return false
	}
	r.takeSends()
	return r.client.Room(argInt(args, 1), int64(argFloat(args, 2)))
}

// rwsBuffered(id) returns the bufferedAmount: the outbox and the open
// socket's own.
func (e *engine) rwsBuffered(args []safejs.Value) any {
	r := e.rws(args)
	if r == nil {
		return 0
	}
	r.takeSends()
	return r.client.BufferedAmount()
}
