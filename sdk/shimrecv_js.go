//go:build js && wasm

package sdk

import (
	"context"
	"encoding/binary"
	"slices"
	"sync"
	"syscall/js"

	"github.com/hack-pad/safejs"
)

// shimReceiver is the Go side of the shim's receive queue (shim_js.go):
// Receive pulls batches from it directly, and returns their messages one by
// one, telling the shim each (which counts them against ReceiveBuffer until
// then). The receive buffer of Conn stays empty in the browser.
type shimReceiver struct {
	pullFn  js.Value // shim[shimPull], which never throws
	ackFn   js.Value // shim[shimAck], which never throws
	takeFn  js.Value // shim[shimTake], which never throws
	indexJS js.Value // shim[shimIndex], a Uint8Array
	dataJS  js.Value // shim[shimData], a Uint8Array

	mu    sync.Mutex
	index []byte    // a batch's index, copied from the shim
	batch []Message // the messages of the last batch pulled
	next  int       // the first of batch not yet returned
}

func (r *shimReceiver) init(shim []safejs.Value) {
	r.pullFn, r.ackFn, r.takeFn = safejs.Unsafe(shim[shimPull]), safejs.Unsafe(shim[shimAck]), safejs.Unsafe(shim[shimTake])
	r.indexJS, r.dataJS = safejs.Unsafe(shim[shimIndex]), safejs.Unsafe(shim[shimData])
	r.index = make([]byte, 12*batchMaxMessages)
}

// take returns the next received message and true, or false if the shim's
// queue is empty, in which case the shim wakes Go when the next one comes.
// A packed or placeholder message is acked to the shim as it is returned; a
// held one when takeHeld takes it.
func (r *shimReceiver) take() (Message, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.next == len(r.batch) && !r.pull() {
		return Message{}, false
	}
	m := r.batch[r.next]
	r.batch[r.next] = Message{} // the caller owns it now
	r.next++
	if m.heldID == 0 {
		r.ackFn.Invoke(float64(m.Cost()))
	}
	return m, true
}

// pull fills batch with the shim's next batch and reports whether it has
// any message. Their payloads share one Go allocation: each is a sub-slice
// whose capacity ends where it does.
func (r *shimReceiver) pull() bool {
	k := r.pullFn.Invoke().Int()
	if k <= 0 || k > batchMaxMessages {
		return false
	}
	index := r.index[:12*k]
	js.CopyBytesToGo(index, r.indexJS)
	total := 0
	for i := range k {
		if binary.LittleEndian.Uint32(index[12*i+8:]) == 0 {
			total += int(binary.LittleEndian.Uint32(index[12*i+4:]))
		}
	}
	packed := []byte{} // empty messages are empty, not nil
	if total > 0 {
		packed = make([]byte, total)
		js.CopyBytesToGo(packed, r.dataJS)
	}
	r.batch, r.next = slices.Grow(r.batch[:0], k)[:k], 0
	off := 0
	for i := range k {
		e := index[12*i:]
		typ := binary.LittleEndian.Uint32(e)
		m := Message{typ: MessageType(typ &^ placeholderFlag)}
		n := int(binary.LittleEndian.Uint32(e[4:]))
		switch id := binary.LittleEndian.Uint32(e[8:]); {
		case typ&placeholderFlag != 0: // no bytes
		case id != 0:
			m.heldID, m.heldLen = id, n
		default:
			m.data = packed[off : off+n : off+n]
			off += n
		}
		r.batch[i] = m
	}
	return true
}

// pop is Receive's source in the browser: the next message from the shim,
// waiting for one until ctx ends; once the connection is Closed and every
// message received before is returned, the close error.
func (t *browserTransport) pop(ctx context.Context) (Message, error) {
	for {
		if m, ok := t.recv.take(); ok {
			return m, nil
		}
		// The shim now wakes Go at the next message; take the signal, then
		// look once more, so that nothing in between is missed.
		ch := t.arrived.Wait()
		if m, ok := t.recv.take(); ok {
			return m, nil
		}
		select {
		case <-t.c.done:
			// The shim stopped before the connection became Closed:
			// nothing more comes. Pop of the empty, closed receive
			// buffer returns the close error.
			return t.c.recv.Pop(ctx)
		default:
		}
		select {
		case <-ch:
		case <-t.c.done:
		case <-ctx.Done():
			return Message{}, ctx.Err()
		}
	}
}

// onWake is the shim's wake-up: a message came while Go waited for one or
// for bufferedAmount to fall (see drainSignal), or one broke a limit
// (args[0]: shimFailTooBig or shimFailOverflow). It runs once per wake-up,
// up to once per message, so it is a syscall/js function (safejs's
// wrapper allocates on every call) and reads its argument only when there
// is one: the shim passes none when no rule was broken.
func (t *browserTransport) onWake(_ js.Value, args []js.Value) any {
	if len(args) > 0 && args[0].Type() == js.TypeNumber {
		switch args[0].Int() {
		case shimFailTooBig:
			t.c.fail(StatusReadLimit, wrapErr(ErrMessageTooBig, "message over ReadLimit"))
		case shimFailOverflow:
			t.c.fail(StatusReceiveOverflow, wrapErr(ErrReceiveOverflow, "unread messages exceeded ReceiveBuffer"))
		}
	}
	t.arrived.Notify()
	t.drained.Notify()
	return nil
}

// takeHeld appends the payload the shim holds for m to dst.
func (t *browserTransport) takeHeld(m Message, dst []byte) ([]byte, error) {
	v := t.recv.takeFn.Invoke(int(m.heldID))
	start := len(dst)
	dst = slices.Grow(dst, m.heldLen)[:start+m.heldLen]
	if v.Type() != js.TypeObject || js.CopyBytesToGo(dst[start:], v) != m.heldLen {
		return dst[:start], wrapErr(ErrInvalidState, "received message no longer held")
	}
	return dst, nil
}
