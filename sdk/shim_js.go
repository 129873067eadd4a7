//go:build js && wasm

package sdk

import (
	"sync"

	"github.com/hack-pad/safejs"
)

// The per-connection JavaScript shim. Entering Go from the browser's event
// loop costs about 8 µs, so the shim does what runs once per received
// message in JavaScript: it listens for message events, keeps the received
// payloads in a queue as Uint8Arrays (text encoded to UTF-8), checks each
// against ReadLimit and the queue against ReceiveBuffer, and, when the
// queue turns non-empty, posts one MessageChannel task that enters Go once
// for the whole burst (see browserTransport.drain). Go then pulls batches:
// every call returns only a number, the payloads of small messages arrive
// packed in one buffer (one Go allocation per batch), and a large one stays
// in JavaScript until Receive copies it out, straight into the caller's
// buffer with AppendReceive. Sends copy into a persistent scratch array and
// pass only the length.
//
// Its source is compiled once per page with new Function; each connection
// calls the result once, getting an array of the functions below. Those
// called per message never throw, so Go calls them through syscall/js
// directly rather than through safejs, whose exception guard costs
// allocations on every call.
const (
	// packMax is the largest message the shim packs into a batch; larger
	// ones are held in JavaScript until Receive takes them.
	packMax = 2 << 10
	// batchMax bounds a batch's packed payloads. Received messages are
	// capacity-limited sub-slices of their batch's buffer, so a message the
	// caller keeps forever keeps at most batchMax bytes reachable.
	batchMax = 16 << 10
	// batchMaxMessages bounds the messages in a batch (its index: three
	// uint32 per message).
	batchMaxMessages = 256
)

// placeholderFlag marks, in a batch's index, a message whose payload
// JavaScript code keeps (see jsbridge.Hooks): Receive returns nil bytes.
const placeholderFlag = 4

// Result codes of the shim's pull when its queue is empty.
const (
	shimEmpty        = 0
	shimFailTooBig   = -1 // a message over ReadLimit arrived
	shimFailOverflow = -2 // the queue outgrew ReceiveBuffer
)

// Indexes of the functions in the array a connection's shim returns.
const (
	shimPull     = iota // pull() int: packs a batch, returns its message count or a result code
	shimIndex           // the batch index: a Uint8Array over (type, length, id) uint32 triples
	shimData            // the batch's packed payloads: a Uint8Array
	shimTake            // take(id) Uint8Array: a held payload, forgotten by the shim
	shimSendBin         // sendBin(n) int: sends the first n bytes of the scratch array; 1 if send threw (see thrown)
	shimSendText        // sendText(n) int: sends them decoded as UTF-8
	shimGrow            // grow(n) Uint8Array: a new scratch array of n bytes
	shimBuffered        // buffered() int: the socket's bufferedAmount
	shimReceive         // jsbridge.Hooks.Socket's receive function
	shimStop            // stop(): stops listening, drops the queue
	shimThrown          // thrown() string: what the last failed send threw
	shimParts
)

// shimSource is the body of function(ws, readLimit, recvLimit, overhead,
// packMax, batchMax, maxMessages, listen, wake). Without listen (a
// connection whose messages JavaScript reads: see jsbridge.Hooks) it does
// not listen for message events: its receive function queues what that
// code passes.
const shimSource = `"use strict";
let qt = [], qv = [], head = 0, bytes = 0, posted = false, stopped = false, fail = 0, nextId = 1;
let thrown = "", scratch = new Uint8Array(4096), view = scratch, viewLen = -1;
const held = new Map(), enc = new TextEncoder(), dec = new TextDecoder();
const index = new Uint32Array(3 * maxMessages), indexBytes = new Uint8Array(index.buffer);
const data = new Uint8Array(batchMax), empty = new Uint8Array(0), ch = new MessageChannel();
const cost = (n) => n > overhead ? n : overhead;
const post = () => { if (!posted) { posted = true; ch.port2.postMessage(0); } };
ch.port1.onmessage = () => { posted = false; wake(); };
const onMessage = (e) => {
	if (stopped) return;
	let d = e.data, t = 2;
	if (typeof d === "string") { d = enc.encode(d); t = 1; } else d = new Uint8Array(d);
	const c = cost(d.length);
	if (d.length > readLimit) fail = 1;
	else if (head < qv.length && bytes + c > recvLimit) fail = 2;
	if (fail) { stopped = true; post(); return; }
	qt.push(t); qv.push(d); bytes += c; post();
};
const receive = (a, b) => {
	if (b === undefined) { onMessage({data: a}); return; }
	if (stopped || (a !== 1 && a !== 2)) return;
	if (b > readLimit) fail = 1;
	else if (head < qv.length && bytes + overhead > recvLimit) fail = 2;
	if (fail) { stopped = true; post(); return; }
	qt.push(a | 4); qv.push(empty); bytes += overhead; post();
};
if (listen) ws.addEventListener("message", onMessage);
const sendView = (n) => {
	if (n !== viewLen) { view = scratch.subarray(0, n); viewLen = n; }
	return view;
};
return [
	() => {
		let k = 0, off = 0;
		while (head < qv.length && k < maxMessages) {
			const v = qv[head], n = v.length;
			let id = 0;
			if (n > packMax) { id = nextId++; held.set(id, v); }
			else if (off + n > batchMax) break;
			else { data.set(v, off); off += n; }
			index[3 * k] = qt[head]; index[3 * k + 1] = n; index[3 * k + 2] = id;
			k++; bytes -= cost(n); qv[head++] = null;
		}
		if (head === qv.length) { qt.length = 0; qv.length = 0; head = 0; }
		if (k > 0) return k;
		const f = fail; fail = 0;
		return -f;
	},
	indexBytes,
	data,
	(id) => { const v = held.get(id); held.delete(id); return v; },
	(n) => { try { ws.send(sendView(n)); return 0; } catch (e) { thrown = String(e); return 1; } },
	(n) => { try { ws.send(dec.decode(sendView(n))); return 0; } catch (e) { thrown = String(e); return 1; } },
	(n) => { scratch = new Uint8Array(n); viewLen = -1; return scratch; },
	() => ws.bufferedAmount,
	receive,
	() => {
		stopped = true; fail = 0; qt = []; qv = []; head = 0; bytes = 0;
		ws.removeEventListener("message", onMessage);
		ch.port1.onmessage = null; ch.port1.close();
	},
	() => thrown,
];`

var (
	shimOnce sync.Once
	shimCtor safejs.Value // the compiled shim, a JavaScript function
	shimErr  error
)

// newShim creates the shim of one connection and returns its parts.
func newShim(ws safejs.Value, opts *Options, listen bool, wake safejs.Func) ([]safejs.Value, error) {
	shimOnce.Do(func() {
		fn, err := safejs.Global().Get("Function")
		if err != nil {
			shimErr = err
			return
		}
		shimCtor, shimErr = fn.New("ws", "readLimit", "recvLimit", "overhead",
			"packMax", "batchMax", "maxMessages", "listen", "wake", shimSource)
	})
	if shimErr != nil {
		return nil, shimErr
	}
	arr, err := shimCtor.Invoke(ws, float64(opts.ReadLimit), float64(opts.ReceiveBuffer),
		MessageOverhead, packMax, batchMax, batchMaxMessages, listen, wake.Value())
	if err != nil {
		return nil, err
	}
	parts := make([]safejs.Value, shimParts)
	for i := range parts {
		if parts[i], err = arr.Index(i); err != nil {
			return nil, err
		}
	}
	return parts, nil
}
