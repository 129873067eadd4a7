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
// last looked (see jsoutbox.Free), keeps a copy of the payload in
// JavaScript (SendQueue in wasmws.js; payloads up to 1 MiB in one ring
// buffer, which grows to at most 4 MiB and is kept, so that copying
// allocates nothing) and, when the queue turns non-empty, posts one
// MessageChannel task that enters Go once for the whole burst (rwsFlush).
// Go also takes the queue whenever it has run JavaScript code that may have
// sent: after dispatching a batch of messages or an event, and at the start
// of every engine call of the instance; so sends made by message listeners
// while Go dispatches (the deliver and message calls of the port) post no
// task. A message that does not fit in the room reported goes through
// rwsSend, which takes the queue first, so messages keep their order and
// the outbox's bounds and errors stay the Client's own.
//
// The payloads never enter Go (package jsoutbox): Go takes each message's
// type, length and id, the outbox counts them, and the pump has JavaScript
// send the payload on the connection's socket (sendHeld). JavaScript keeps
// a payload until Go no longer refers to it: each take tells it the oldest
// id the Client may still send (jsoutbox.Oldest). So JavaScript keeps at
// most what the outbox and the in-flight list hold, plus what they dropped
// since the last take (as much again at most, freed at the next one).
const (
	// sendBatchMax bounds the messages of one batch (the index holds two
	// uint32 per message, after its header). wasmws.js reads it from the
	// engine.
	sendBatchMax = 256
	// sendIndexHeader is the size in bytes of the batch index's header: the
	// id of the batch's first message, a uint64 as two uint32 (low word
	// first). The same layout is in wasmws.js (SEND_INDEX_HEADER, in
	// words).
	sendIndexHeader = 8
)

var (
	// errSendQueue reports a send queue that wasmws.js did not hand over.
	errSendQueue = errors.New("wasmws: the shell passed no send queue")
	// errSendData reports a payload JavaScript no longer keeps.
	errSendData = errors.New("wasmws: a payload to send is no longer kept")
)

// sendQueue is the Go side of one ReconnectingWebSocket's send queue. Its
// functions are JavaScript's (never throwing, so called through syscall/js
// directly: safejs's exception guard costs allocations on every call).
// Safe for concurrent use.
type sendQueue struct {
	client any // the *reconnect.Client, for package jsoutbox
	keeper jsoutbox.Keeper

	pull  js.Value // pull(freeMsgs, freeBytes, oldest) int: fills index, returns the batch's size
	bytes js.Value // sendBytes(id) Uint8Array: a copy of payload id, or null
	index js.Value // the batch index: its header, then (type, size) uint32 pairs, as a Uint8Array

	mu   sync.Mutex
	idx  []byte          // a batch's index, copied
	msgs []jsoutbox.Held // a batch's messages; reused
}

// newSendQueue reads the send queue wasmws.js passed in port (sendPull,
// sendHeld, sendBytes, sendIndex) for client.
func newSendQueue(port safejs.Value, client any) (*sendQueue, error) {
	q := &sendQueue{client: client, idx: make([]byte, sendIndexHeader+8*sendBatchMax)}
	var send js.Value
	for _, f := range []struct {
		name string
		dst  *js.Value
		typ  safejs.Type
	}{
		{"sendPull", &q.pull, safejs.TypeFunction},
		{"sendHeld", &send, safejs.TypeFunction},
		{"sendBytes", &q.bytes, safejs.TypeFunction},
		{"sendIndex", &q.index, safejs.TypeObject},
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
	q.keeper = jsoutbox.Keeper{Send: safejs.Safe(send), Bytes: q.copyOf}
	return q, nil
}

// copyOf returns a copy of payload id (jsoutbox.Keeper.Bytes).
func (q *sendQueue) copyOf(id uint64) ([]byte, error) {
	v := q.bytes.Invoke(float64(id))
	if v.Type() != js.TypeObject {
		return nil, errSendData
	}
	p := make([]byte, v.Length())
	js.CopyBytesToGo(p, v)
	return p, nil
}

// flush moves the messages queued in JavaScript into the Client's outbox,
// in order, tells JavaScript the room left and the oldest payload still
// needed, and returns how many it moved. A batch the Client refuses is
// dropped, with a console error: send() has returned, so there is no
// caller left to tell.
func (q *sendQueue) flush() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	moved := 0
	for {
		freeMsgs, freeBytes := jsoutbox.Free(q.client)
		oldest := jsoutbox.Oldest(q.client)
		k := q.pull.Invoke(freeMsgs, float64(freeBytes), float64(oldest)).Int()
		if k <= 0 || k > sendBatchMax {
			return moved
		}
		moved += k
		q.readBatch(k)
		if err := jsoutbox.Admit(q.client, &q.keeper, q.msgs); err != nil {
			// The Client of a ReconnectingWebSocket queues while closed:
			// it never refuses messages.
			consoleError("wasmws: messages sent were dropped: " + err.Error())
		}
		q.msgs = q.msgs[:0]
		if k < sendBatchMax {
			return moved
		}
	}
}

// readBatch reads the k messages of the batch JavaScript filled into
// q.msgs.
func (q *sendQueue) readBatch(k int) {
	js.CopyBytesToGo(q.idx[:sendIndexHeader+8*k], q.index)
	id := binary.LittleEndian.Uint64(q.idx)
	idx := q.idx[sendIndexHeader : sendIndexHeader+8*k]
	for i := range k {
		q.msgs = append(q.msgs, jsoutbox.Held{
			Type: sdk.MessageType(binary.LittleEndian.Uint32(idx[8*i:])),
			ID:   id + uint64(i),
			Len:  int(binary.LittleEndian.Uint32(idx[8*i+4:])),
		})
	}
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
