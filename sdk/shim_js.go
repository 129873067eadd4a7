//go:build js && wasm

package sdk

import (
	"sync"
	"syscall/js"

	"github.com/hack-pad/safejs"
)

// The per-connection JavaScript shim. Entering Go from the browser's event
// loop costs about 8 µs, so the shim does what runs once per received
// message in JavaScript: it listens for message events and keeps the
// received payloads in a queue as Uint8Arrays (text encoded to UTF-8).
// Receive pulls from that queue directly, and Go is entered only when
// Receive waits on an empty queue: a pull that finds it empty marks Go as
// waiting, and the next message posts one MessageChannel task that wakes
// it (see browserTransport.onWake), by when a burst has usually queued.
// Measured in Chromium at 16 B and 1 KiB: 7–12 messages per wake-up, the
// task running 0.1–0.4 ms after it was posted (the message events queued
// before it run first). Waking Go from the message event itself is worse
// though it shortens that delay, since every entry into Go costs more than
// the messages it takes: at every message while Go waits, 0.41× / 0.49×
// plain JS (16 B / 1 KiB; 5 Go allocations per message, those of
// syscall/js's event handling); at the fourth queued message, 0.88× / 0.71×
// against 0.82–1.04× / 0.76–0.88× with the task.
// A Send waiting for bufferedAmount to fall arms the same wake-up: the next
// message wakes Go to read bufferedAmount again, sooner than the
// BufferedPollInterval poll, which stays as the fallback (an echo's arrival
// is when the browser has most likely sent more).
// Every per-message call returns only a number: the payloads of small
// messages arrive packed in one buffer (one Go allocation per batch), and a
// large one stays in JavaScript until Receive copies it out, straight into
// the caller's buffer with AppendReceive. Sends copy into a persistent
// scratch array and pass only the length.
//
// The shim owns the two receive limits; Go does not count them again:
//
//   - ReadLimit: a message larger than it is refused as it arrives.
//   - ReceiveBuffer: the shim counts the cost (MessageCost) of every message
//     received and not yet returned by Receive, those queued in JavaScript
//     and those already pulled into a batch in Go alike: Go tells it each
//     message it returns (ack, or take for a held one). A message that would
//     take the count over ReceiveBuffer, while any is unread, is refused.
//
// A refusal stops the shim (later messages are dropped) and wakes Go at
// once, waiting or not, with the broken rule, so that the connection closes
// with 4009 or 4008 however slowly it is read; the messages queued before
// it are still returned, then Receive reports the error.
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

// The rule a refused message broke, passed to the wake-up.
const (
	shimFailTooBig   = 1 // a message over ReadLimit arrived
	shimFailOverflow = 2 // the unread messages would have outgrown ReceiveBuffer
)

// Results of the shim's send functions.
const (
	shimSent      = 0
	shimThrew     = 1 // send threw: see thrown
	shimDiscarded = 2 // the socket has left OPEN: not sent (see countDiscarded)
)

// Indexes of the functions in the array a connection's shim returns.
const (
	shimPull     = iota // pull() int: packs a batch, returns its message count; 0: empty, Go now waits
	shimIndex           // the batch index: a Uint8Array over (type, length, id) uint32 triples
	shimData            // the batch's packed payloads: a Uint8Array
	shimAck             // ack(cost): Receive returned a packed message of that cost
	shimTake            // take(id) Uint8Array: a held payload, forgotten by the shim (and acked); null if none
	shimSendBin         // sendBin(n) int: sends the first n bytes of the scratch array; shimSent or another result
	shimSendText        // sendText(n) int: sends them decoded as UTF-8
	shimGrow            // grow(n) Uint8Array: a new scratch array of n bytes
	shimBuffered        // buffered() int: the socket's bufferedAmount
	shimState           // state() int: the socket's readyState
	shimReceive         // jsbridge.Hooks.Socket's receive function
	shimStop            // stop(): stops listening and waking; what is queued can still be pulled
	shimThrown          // thrown() string: what the last failed send threw
	shimArmDrain        // armDrain(): wake Go at the next message even if no Receive waits (a Send waits for bufferedAmount to fall)
	shimParts
)

// shimSource is the body of function(ws, readLimit, recvLimit, overhead,
// packMax, batchMax, maxMessages, listen, wake). Without listen (a
// connection whose messages JavaScript reads: see jsbridge.Hooks) it does
// not listen for message events: its receive function queues what that
// code passes. wake(rule) is Go's wake-up: rule is the shimFail* a message
// broke, or absent.
const shimSource = `"use strict";
let qt = [], qv = [], head = 0, unread = 0, bytes = 0, waiting = false, draining = false, posted = false;
let stopped = false, fail = 0, nextId = 1;
let thrown = "", scratch = new Uint8Array(4096), view = scratch, viewLen = -1;
const held = new Map(), enc = new TextEncoder(), dec = new TextDecoder();
const index = new Uint32Array(3 * maxMessages), indexBytes = new Uint8Array(index.buffer);
const data = new Uint8Array(batchMax), empty = new Uint8Array(0), ch = new MessageChannel();
const cost = (n) => n > overhead ? n : overhead;
const post = () => { if (!posted) { posted = true; ch.port2.postMessage(0); } };
ch.port1.onmessage = () => { posted = false; waiting = false; draining = false; if (fail) wake(fail); else wake(); };
const admit = (t, v, n) => {
	const c = cost(v.length);
	if (n > readLimit) fail = 1;
	else if (unread > 0 && bytes + c > recvLimit) fail = 2;
	if (fail) { stopped = true; post(); return; }
	qt.push(t); qv.push(v); unread++; bytes += c;
	if (waiting || draining) post();
};
const onMessage = (e) => {
	if (stopped) return;
	let d = e.data, t = 2;
	if (typeof d === "string") { d = enc.encode(d); t = 1; } else d = new Uint8Array(d);
	admit(t, d, d.length);
};
const receive = (a, b) => {
	if (b === undefined) { onMessage({data: a}); return; }
	if (stopped || (a !== 1 && a !== 2)) return;
	admit(a | 4, empty, b);
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
			k++; qv[head++] = null;
		}
		if (head === qv.length) { qt.length = 0; qv.length = 0; head = 0; }
		if (k === 0 && !stopped) waiting = true;
		return k;
	},
	indexBytes,
	data,
	(c) => { unread--; bytes -= c; },
	(id) => {
		const v = held.get(id);
		if (v === undefined) return null;
		held.delete(id); unread--; bytes -= cost(v.length);
		return v;
	},
	(n) => {
		if (ws.readyState !== 1) return 2;
		try { ws.send(sendView(n)); return 0; } catch (e) { thrown = String(e); return 1; }
	},
	(n) => {
		if (ws.readyState !== 1) return 2;
		try { ws.send(dec.decode(sendView(n))); return 0; } catch (e) { thrown = String(e); return 1; }
	},
	(n) => { scratch = new Uint8Array(n); viewLen = -1; return scratch; },
	() => ws.bufferedAmount,
	() => ws.readyState,
	receive,
	() => {
		stopped = true; waiting = false;
		ws.removeEventListener("message", onMessage);
		ch.port1.onmessage = null; ch.port1.close();
	},
	() => thrown,
	() => { if (!stopped) draining = true; },
];`

var (
	shimOnce sync.Once
	shimCtor safejs.Value // the compiled shim, a JavaScript function
	shimErr  error
)

// newShim creates the shim of one connection and returns its parts.
func newShim(ws safejs.Value, opts *Options, listen bool, wake js.Func) ([]safejs.Value, error) {
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
		MessageOverhead, packMax, batchMax, batchMaxMessages, listen, safejs.Safe(wake.Value))
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
