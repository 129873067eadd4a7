//go:build js && wasm

package main

import (
	"encoding/binary"
	"errors"
	"runtime"
	"sync"
	"syscall/js"

	"github.com/hack-pad/safejs"
	"github.com/wasmws/wasmws/internal/jsoutbox"
	"github.com/wasmws/wasmws/sdk"
)

// The send queue of a ReconnectingWebSocket. Entering Go from JavaScript
// costs about 8 µs, more than sending a small message, so send() does not
// enter Go: it checks the message against the room the outbox had when Go
// last looked (see jsoutbox.Free), copies it into the queue (SendQueue in
// wasmws.js; payloads up to 1 MiB packed into one shared buffer, which grows
// to at most 4 MiB and is kept, so that copying allocates nothing) and, when the
// queue turns non-empty, posts one MessageChannel task that enters Go once
// for the whole burst (rwsFlush). Go also takes the queue whenever it has
// run JavaScript code that may have sent: after dispatching a batch of
// messages or an event, and at the start of every engine call of the
// instance; so sends made by message listeners while Go dispatches (the
// deliver and message calls of the port) post no task. A message that does not fit in the room reported goes through
// rwsSend, which takes the queue first, so messages keep their order and
// the outbox's bounds and errors stay the Client's own.
//
// Keeping the sent payloads in JavaScript instead, Go holding only their
// lengths, was tried and measured slower and larger: bench/README.md,
// "Browser ReconnectingWebSocket vs plain JS".
const (
	// sendBatchMax bounds the messages of one batch (the index holds two
	// uint32 per message, after its header). wasmws.js reads it from the
	// engine.
	sendBatchMax = 256
	// sendIndexHeader is the size in bytes of the batch index's header: a
	// uint32, the byte length of the shared buffer (which wasmws.js replaces
	// with a larger one when a payload does not fit, up to SEND_PACK_LIMIT,
	// 4 MiB), then one unused. The same layout is in wasmws.js
	// (SEND_INDEX_HEADER, in words).
	sendIndexHeader = 8
	// sendOwnFlag marks, in a batch's index, a payload that has a buffer of
	// its own in JavaScript (taken with take(i)) instead of a place in the
	// shared one. The same value is in wasmws.js.
	sendOwnFlag = 4
	// maxRetainedSendScratch is the largest buffer the queue keeps between
	// batches to copy a payload into before the Client's copy (the bound of
	// the SDK's own send buffer): a larger payload costs one more
	// allocation.
	maxRetainedSendScratch = 1 << 20
)

var (
	// errSendQueue reports a send queue that wasmws.js did not hand over.
	errSendQueue = errors.New("wasmws: the shell passed no send queue")
	// errSendData reports a batch whose payloads could not be read from
	// the shared buffer (sendData missing, or shorter than the batch): the
	// batch is dropped, not sent with stale bytes.
	errSendData = errors.New("wasmws: the send queue's shared buffer could not be read")
)

// sendQueue is the Go side of one ReconnectingWebSocket's send queue. Its
// functions are JavaScript's (never throwing, so called through syscall/js
// directly: safejs's exception guard costs allocations on every call) and
// the buffers they fill. Safe for concurrent use.
type sendQueue struct {
	client any // the *reconnect.Client, for package jsoutbox

	port    safejs.Value // the shell's port, to read sendData again when it grows
	pull    js.Value     // pull(freeMsgs, freeBytes) int: fills index, returns the batch's size
	take    js.Value     // take(i) Uint8Array: the own buffer of the batch's message i
	index   js.Value     // the batch index: its header, then (type, size) uint32 pairs, as a Uint8Array
	data    js.Value     // the shared buffer: the batch's packed payloads, in order, as a Uint8Array
	dataLen int          // data's length

	mu      sync.Mutex
	idx     []byte        // a batch's index, copied
	packed  []byte        // a batch's packed payloads, copied; reused (at most SEND_PACK_LIMIT)
	scratch []byte        // an own payload, copied; reused up to maxRetainedSendScratch
	msgs    []sdk.Message // a batch's messages; reused
}

// newSendQueue reads the send queue wasmws.js passed in port (sendPull,
// sendTake, sendIndex, sendData) for client.
func newSendQueue(port safejs.Value, client any) (*sendQueue, error) {
	q := &sendQueue{client: client, port: port, idx: make([]byte, sendIndexHeader+8*sendBatchMax)}
	for _, f := range []struct {
		name string
		dst  *js.Value
		typ  safejs.Type
	}{
		{"sendPull", &q.pull, safejs.TypeFunction},
		{"sendTake", &q.take, safejs.TypeFunction},
		{"sendIndex", &q.index, safejs.TypeObject},
		{"sendData", &q.data, safejs.TypeObject},
	} {
		v, err := port.Get(f.name)
		if err != nil {
			return nil, err
		}
		if v.Type() != f.typ {
			return nil, errSendQueue
		}
		*f.dst = safejs.Unsafe(v)
	}
	q.dataLen = q.data.Length()
	return q, nil
}

// refreshData reads the shared buffer again if wasmws.js replaced it with
// one of length n (it only grows). It returns errSendData if the port has no
// such buffer, keeping the one it had.
func (q *sendQueue) refreshData(n int) error {
	if n == q.dataLen {
		return nil
	}
	v, err := q.port.Get("sendData")
	if err != nil || v.Type() != safejs.TypeObject {
		return errSendData
	}
	data := safejs.Unsafe(v)
	if data.Length() != n {
		return errSendData
	}
	q.data, q.dataLen = data, n
	return nil
}

// flush moves the messages queued in JavaScript into the Client's outbox,
// in order, tells JavaScript the room left, and returns how many it moved.
// A batch it cannot read (errSendData) is dropped, with a console error:
// send() has returned, so there is no caller left to tell.
func (q *sendQueue) flush() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	moved := 0
	for {
		freeMsgs, freeBytes := jsoutbox.Free(q.client)
		k := q.pull.Invoke(freeMsgs, float64(freeBytes)).Int()
		if k <= 0 || k > sendBatchMax {
			return moved
		}
		moved += k
		// Admit does not refuse: the Client of a ReconnectingWebSocket
		// queues while closed.
		err := q.readBatch(k)
		if err == nil {
			err = jsoutbox.Admit(q.client, q.msgs)
		}
		if err != nil {
			consoleError("wasmws: messages sent were dropped: " + err.Error())
		}
		clear(q.msgs)
		q.msgs = q.msgs[:0]
		if k < sendBatchMax {
			return moved
		}
	}
}

// readBatch copies the k messages of the batch JavaScript filled into
// q.msgs, or returns errSendData.
func (q *sendQueue) readBatch(k int) error {
	js.CopyBytesToGo(q.idx[:sendIndexHeader+8*k], q.index)
	if err := q.refreshData(int(binary.LittleEndian.Uint32(q.idx))); err != nil {
		return err
	}
	idx := q.idx[sendIndexHeader : sendIndexHeader+8*k]
	total := 0
	for i := range k {
		if binary.LittleEndian.Uint32(idx[8*i:])&sendOwnFlag == 0 {
			total += int(binary.LittleEndian.Uint32(idx[8*i+4:]))
		}
	}
	if total > q.dataLen {
		return errSendData
	}
	if cap(q.packed) < total {
		q.packed = make([]byte, total)
	}
	packed := q.packed[:total]
	if total > 0 {
		js.CopyBytesToGo(packed, q.data)
	}
	for i := range k {
		typ := binary.LittleEndian.Uint32(idx[8*i:])
		n := int(binary.LittleEndian.Uint32(idx[8*i+4:]))
		var p []byte
		if typ&sendOwnFlag != 0 {
			p = q.own(i, n)
		} else {
			p, packed = packed[:n], packed[n:]
		}
		// NewMessage copies p: the Client's one copy. JavaScript encoded
		// text as UTF-8 from a well-formed string, so it does not fail.
		m, err := sdk.NewMessage(sdk.MessageType(typ&^sendOwnFlag), p)
		if err != nil {
			consoleError("wasmws: a message sent was dropped: " + err.Error())
			continue
		}
		q.msgs = append(q.msgs, m)
	}
	return nil
}

// own copies the own buffer of the batch's message i, of n bytes, into
// q.scratch and returns the copy.
func (q *sendQueue) own(i, n int) []byte {
	buf := q.scratch
	if cap(buf) < n {
		buf = make([]byte, n)
		if n <= maxRetainedSendScratch {
			q.scratch = buf
		}
	}
	buf = buf[:n]
	if n > 0 {
		js.CopyBytesToGo(buf, q.take.Invoke(i))
	}
	return buf
}

// startQueues reads the send queue and the deliver function of the shell's
// port, and tells the send queue the room there is.
func (r *rws) startQueues() error {
	sends, err := newSendQueue(r.port, r.client)
	if err != nil {
		return err
	}
	deliver, err := r.port.Get("deliver")
	if err != nil {
		return err
	}
	if deliver.Type() != safejs.TypeFunction {
		return errSendQueue
	}
	r.sends, r.deliveries.fn = sends, safejs.Unsafe(deliver)
	sends.flush()
	return nil
}

// takeSends moves the messages of the send queue into the outbox, lets the
// pump hand them to the connection, then applies the water marks as rwsSend
// does. The pump could run between any two sends before they were taken in
// bursts, so a burst of sends larger than the outbox is refused (by rwsSend,
// rwsRoom) only if the connection does not take the messages either. (The
// move readies the pump if it waits for messages; the Go scheduler runs a
// goroutine just readied before one that yields.)
func (r *rws) takeSends() {
	if r.sends.flush() > 0 {
		runtime.Gosched()
		r.afterQueued()
	}
}

// rwsFlush(id) takes the send queue: the shell's wake-up, posted when the
// queue turned non-empty.
func (e *engine) rwsFlush(args []safejs.Value) any {
	if r := e.rws(args); r != nil {
		r.takeSends()
	}
	return nil
}
