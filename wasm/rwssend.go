//go:build js && wasm

package main

import (
	"bytes"
	"context"
	"errors"
	"time"

	"github.com/hack-pad/safejs"
	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// Results of rwsSend.
const (
	sendQueued    = 0 // queued; not throttled
	sendThrottled = 1 // queued; bufferedAmount is above highWaterMark
	sendWaiting   = 2 // sendAsync: waiting for room; accepted or rejected follows
)

// pendingSend is a sendAsync call waiting for room in the outbox.
type pendingSend struct {
	typ   sdk.MessageType
	data  []byte
	token float64
}

// rwsSend(id, data, token) queues one message, data being a string or a
// Uint8Array, and returns sendQueued or sendThrottled, or {error, message}:
// QuotaExceededError when the outbox is full. With a token (sendAsync) a full
// outbox is waited for instead: it returns sendWaiting, and the shell's
// accepted(token, throttled) or rejected(token, name, message) follows.
//
// A message that finds no Client running (startClosed, or after close()) is
// queued for the next one, within the same bounds.
func (e *engine) rwsSend(args []safejs.Value) any {
	r := e.rws(args)
	if r == nil {
		return fail(sdk.ErrClosed)
	}
	typ, p, err := payload(arg(args, 1))
	if err != nil {
		return fail(err)
	}
	token := argFloat(args, 2)
	r.mu.Lock()
	err = r.queueLocked(typ, p, len(r.waiting) == 0)
	if errors.Is(err, errQuota) && token != 0 && r.client != nil && !r.closing {
		r.waiting = append(r.waiting, &pendingSend{typ: typ, data: p, token: token})
		if !r.sending {
			r.sending = true
			go r.sendLoop()
		}
		r.mu.Unlock()
		return sendWaiting
	}
	r.mu.Unlock()
	if err != nil {
		return fail(err)
	}
	return r.afterQueued()
}

// queueLocked queues a message without waiting: in the running Client's
// outbox, or in r.pre when none runs. free reports that no earlier sendAsync
// waits for room (else the outbox counts as full, so that order is kept).
// r.mu is held.
func (r *rws) queueLocked(typ sdk.MessageType, p []byte, free bool) error {
	if !free {
		return errQuota
	}
	if r.client != nil && !r.closing {
		err := r.client.Send(doneCtx, typ, p)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, context.Canceled):
			return errQuota
		case !errors.Is(err, sdk.ErrClosed):
			return err
		}
		// The Client closed by itself; the event loop forgets it soon.
	}
	o := r.opts
	switch {
	case int64(len(p)) > o.MaxQueuedBytes:
		return reconnect.ErrMessageTooLarge
	case o.HeartbeatInterval > 0 && typ == o.HeartbeatType && bytes.Equal(p, o.HeartbeatMessage):
		return wrapped{sdk.ErrInvalidMessage, "the message is the heartbeat message"}
	case len(r.pre) >= o.MaxQueuedMessages || r.preBytes+int64(len(p)) > o.MaxQueuedBytes:
		return errQuota
	}
	r.pre = append(r.pre, queued{typ: typ, data: p})
	r.preBytes += int64(len(p))
	return nil
}

// afterQueued applies the water marks after a message was queued: once the
// bufferedAmount rises above highWaterMark, the connection is throttled
// until it falls to lowWaterMark (polled; drained() reports it).
func (r *rws) afterQueued() int {
	r.mu.Lock()
	throttled := r.throttled
	r.mu.Unlock()
	if !throttled && r.buffered() <= r.high {
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

// buffered is the bufferedAmount of a ReconnectingWebSocket: the bytes
// queued (by Go) and those the open socket has not sent yet.
func (r *rws) buffered() int64 {
	r.mu.Lock()
	c, ws, n := r.client, r.ws, r.preBytes
	r.mu.Unlock()
	if c != nil {
		n += c.Stats().QueuedBytes
	}
	if ws.Type() == safejs.TypeObject {
		if v, err := ws.Get("bufferedAmount"); err == nil {
			f, _ := v.Float()
			n += int64(f)
		}
	}
	return n
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
		if throttled && r.buffered() > r.low {
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

// sendLoop queues the waiting sendAsync calls, in order, each waiting for
// room, and reports each to the shell.
func (r *rws) sendLoop() {
	for {
		r.mu.Lock()
		if len(r.waiting) == 0 {
			r.sending = false
			r.mu.Unlock()
			return
		}
		w, c, closing := r.waiting[0], r.client, r.closing
		r.mu.Unlock()
		err := sdk.ErrClosed
		if c != nil && !closing {
			err = c.Send(context.Background(), w.typ, w.data)
		}
		r.mu.Lock()
		r.waiting[0] = nil
		r.waiting = r.waiting[1:]
		if errors.Is(err, sdk.ErrClosed) {
			// close() was called meanwhile: keep it for the next Client.
			err = r.queueLocked(w.typ, w.data, true)
		}
		r.mu.Unlock()
		if err != nil {
			call(r.port, "rejected", w.token, errorName(err), err.Error())
			continue
		}
		call(r.port, "accepted", w.token, r.afterQueued() == sendThrottled)
	}
}

// rwsRoom(id, messages, bytes) reports whether that many more messages of
// that many bytes would fit in the queue now. wasmws.js asks it before it
// holds messages back behind a Blob it is reading.
func (e *engine) rwsRoom(args []safejs.Value) any {
	r := e.rws(args)
	if r == nil {
		return false
	}
	msgs, size := argInt(args, 1), int64(argFloat(args, 2))
	r.mu.Lock()
	c, waiting := r.client, len(r.waiting)
	msgs += len(r.pre)
	size += r.preBytes
	r.mu.Unlock()
	if waiting > 0 {
		return false
	}
	if c != nil {
		s := c.Stats()
		msgs += s.QueuedMessages
		size += s.QueuedBytes
	}
	return msgs <= r.opts.MaxQueuedMessages && size <= r.opts.MaxQueuedBytes
}

// rwsBuffered(id) returns the bufferedAmount.
func (e *engine) rwsBuffered(args []safejs.Value) any {
	r := e.rws(args)
	if r == nil {
		return 0
	}
	return r.buffered()
}
