// wasmws.js: drop-in WebSocket and ReconnectingWebSocket classes for the
// browser, run by the Go engine in wasmws.wasm (package main in ../wasm).
//
//   import { load } from './wasmws.js';
//   const wasmws = await load();                     // also sets globalThis.wasmws
//   const ws = new wasmws.WebSocket('/echo');        // the standard surface
//   const rws = new wasmws.ReconnectingWebSocket('/echo', [], { maxRetries: 10 });
//
// The classes are a thin shell over the engine. A WebSocket is the browser's
// own socket, created by the engine's sdk.Conn and given this module's
// prototype: a message in either direction makes no call into Go and passes
// through no code of ours on the way in; the engine runs the connection,
// closing, validation and the water-mark policy. ReconnectingWebSocket sends through the engine's
// outbox (payloads go into Go once, so they can be replayed after a reconnect,
// taken in bursts from a queue here: see SendQueue); received payloads stay in
// JavaScript and the engine tells the shell when to dispatch them, except in
// resume mode (the resume option), whose frames the engine parses: there every
// message goes into Go whole and its payload comes back. See wasmws.d.ts for
// the API, and the package
// documentation of ../wasm (wasm/doc.go) for the division of work.

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/** The name of the global function through which the module hands over its engine. */
const REGISTER = '__wasmwsRegister';

/** @type {any} The Go engine, once loaded. */
let engine = null;

/** @type {Promise<object> | null} */
let loading = null;

/**
 * Loads and starts the Go engine, once: later calls return the same promise and
 * so the same namespace, whatever their options. A failed load may be retried.
 *
 * @param {{wasmURL?: string | URL}} [options] wasmURL: where wasmws.wasm is;
 *   by default next to this module. A relative URL resolves against the page.
 * @returns {Promise<{WebSocket: typeof WebSocket, ReconnectingWebSocket: typeof ReconnectingWebSocket, version: string}>}
 */
export function load(options = {}) {
  if (!loading) {
    loading = start(options ?? {}).catch((err) => {
      loading = null;
      throw err;
    });
  }
  return loading;
}

/** Fetches, instantiates and runs the module; see load. */
async function start({ wasmURL }) {
  const url = wasmURL === undefined
    ? new URL('./wasmws.wasm', import.meta.url)
    : new URL(String(wasmURL), globalThis.document?.baseURI ?? import.meta.url);
  if (typeof globalThis.Go !== 'function') {
    const execURL = new URL('./wasm_exec.js', import.meta.url);
    try {
      await import(execURL.href);
    } catch (err) {
      throw new Error(`wasmws: cannot load ${execURL} (the Go runtime's wasm_exec.js; run make build): ${err.message}`, { cause: err });
    }
  }
  let response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new Error(`wasmws: cannot fetch ${url}: ${err.message}`, { cause: err });
  }
  if (!response.ok) {
    throw new Error(`wasmws: cannot fetch ${url}: HTTP ${response.status} ${response.statusText}`.trimEnd());
  }
  const go = new globalThis.Go();
  let instance;
  try {
    if ((response.headers.get('Content-Type') ?? '').startsWith('application/wasm')) {
      ({ instance } = await WebAssembly.instantiateStreaming(response, go.importObject));
    } else {
      // instantiateStreaming requires that MIME type; do without it.
      ({ instance } = await WebAssembly.instantiate(await response.arrayBuffer(), go.importObject));
    }
  } catch (err) {
    throw new Error(`wasmws: cannot instantiate ${url}: ${err.message}`, { cause: err });
  }
  let registered = null;
  globalThis[REGISTER] = (e) => { registered = e; };
  const stopped = () => { engine = null; };
  try {
    // run executes the Go program until it waits for calls: by then it has
    // registered its engine. It settles only if the program exits.
    go.run(instance).then(stopped, stopped);
  } catch (err) {
    throw new Error(`wasmws: running ${url} failed: ${err.message}`, { cause: err });
  } finally {
    delete globalThis[REGISTER];
  }
  if (registered === null) {
    throw new Error(`wasmws: ${url} did not start its engine (see the console)`);
  }
  engine = registered;
  const namespace = Object.freeze({ WebSocket, ReconnectingWebSocket, version: engine.version });
  globalThis.wasmws = namespace;
  return namespace;
}

/** Returns the engine, or throws if load() has not finished (or Go exited). */
function theEngine() {
  if (engine === null) {
    throw new Error('wasmws: the engine is not running: await load() first');
  }
  return engine;
}

/** Throws the exception an engine result stands for, else returns it. */
function raise(result) {
  if (result !== null && typeof result === 'object' && typeof result.error === 'string') {
    switch (result.error) {
      case 'RangeError': throw new RangeError(result.message);
      case 'TypeError': throw new TypeError(result.message);
      case 'Error': throw new Error(result.message);
      default: throw new DOMException(result.message, result.error);
    }
  }
  return result;
}

// WebIDL conversions, as the browser applies them to WebSocket's arguments.

/** USVString: String(v), throwing for symbols, with lone surrogates replaced. */
function toUSV(v) {
  return `${v}`.toWellFormed();
}

/** (DOMString or sequence<DOMString>) protocols = []. */
function toProtocols(v) {
  if (v === undefined) {
    return [];
  }
  if ((typeof v === 'object' && v !== null) || typeof v === 'function') {
    const iter = v[Symbol.iterator];
    if (iter !== undefined && iter !== null) {
      return Array.from(v, (p) => `${p}`);
    }
  }
  return [`${v}`];
}

/**
 * How this engine converts close()'s arguments where the engines differ (the
 * e2e conformance suite measured each; docs/ENGINES.md). Chromium truncates a
 * fractional code and converts an undefined code followed by a reason (to 0,
 * so InvalidAccessError); Firefox rounds half to even, as WebIDL's [Clamp]
 * says, and takes an undefined code as absent; WebKit truncates, takes an
 * undefined code as absent and then ignores the reason. The classes are
 * drop-ins for the engine they run in, so they follow it. Only the user agent
 * tells: nothing else shows these conversions without opening a connection.
 */
const closeConversion = (() => {
  const ua = globalThis.navigator?.userAgent ?? '';
  if (ua.includes('Firefox/')) {
    return { round: true, undefinedAbsent: true, reasonWithoutCode: true };
  }
  if (ua.includes('AppleWebKit/') && !ua.includes('Chrome/') && !ua.includes('Chromium/')) {
    return { round: false, undefinedAbsent: true, reasonWithoutCode: false };
  }
  return { round: false, undefinedAbsent: false, reasonWithoutCode: true };
})();

/**
 * [Clamp] unsigned short as the engine converts it: NaN is 0, then clamp to
 * 0-65535, then round half to even (Firefox, as WebIDL says) or drop the
 * fraction (Chromium, WebKit: close(999.6) is InvalidAccessError there).
 */
function toClampedUShort(v) {
  const x = +v;
  if (Number.isNaN(x)) {
    return 0;
  }
  const c = Math.min(Math.max(x, 0), 65535);
  if (!closeConversion.round) {
    return Math.trunc(c);
  }
  const f = Math.floor(c);
  const d = c - f;
  return d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
}

/**
 * The code and reason of close(code, reason) for the engine, code -1 meaning
 * absent (see closeConversion for how the engines differ).
 */
function closeArgs(code, reason) {
  const absent = code === undefined && (reason === undefined || closeConversion.undefinedAbsent);
  const c = absent ? -1 : toClampedUShort(code);
  if (absent && !closeConversion.reasonWithoutCode) {
    return [c, ''];
  }
  return [c, reason === undefined ? '' : toUSV(reason)];
}

/** A TypeError like the browser's for a missing argument. */
function missingArgument(method) {
  return new TypeError(`Failed to execute '${method}' on 'WebSocket': 1 argument required, but only 0 present.`);
}

/** The state constants, on the classes and their prototypes, as on WebSocket. */
function defineConstants(cls) {
  const consts = { CONNECTING, OPEN, CLOSING, CLOSED };
  for (const [name, value] of Object.entries(consts)) {
    const desc = { value, enumerable: true, writable: false, configurable: false };
    Object.defineProperty(cls, name, desc);
    Object.defineProperty(cls.prototype, name, desc);
  }
}

/** Per-instance event handler attributes (onopen...): target → Map(type → {value, listener}). */
const handlerSlots = new WeakMap();

/**
 * Defines the event handler attributes on<type> for types on cls.prototype, as
 * the HTML standard defines them: a listener is added when a handler is first
 * set (keeping that place in the listener order), replaced in place, and
 * removed when the handler is set to null or a non-object.
 */
function defineEventHandlers(cls, types) {
  for (const type of types) {
    Object.defineProperty(cls.prototype, `on${type}`, {
      enumerable: true,
      configurable: true,
      get() {
        return handlerSlots.get(this)?.get(type)?.value ?? null;
      },
      set(v) {
        const value = typeof v === 'function' || (typeof v === 'object' && v !== null) ? v : null;
        let slots = handlerSlots.get(this);
        if (slots === undefined) {
          slots = new Map();
          handlerSlots.set(this, slots);
        }
        const slot = slots.get(type);
        if (value === null) {
          if (slot !== undefined) {
            this.removeEventListener(type, slot.listener);
            slots.delete(type);
          }
          return;
        }
        if (slot !== undefined) {
          slot.value = value;
          return;
        }
        const s = { value, listener: null };
        s.listener = function listener(event) {
          if (typeof s.value === 'function') {
            return s.value.call(this, event);
          }
          return undefined;
        };
        slots.set(type, s);
        this.addEventListener(type, s.listener);
      },
    });
  }
}

/** Reads a non-negative number option; undefined stays undefined. */
function numberOption(options, name) {
  const v = options[name];
  if (v === undefined) {
    return undefined;
  }
  const n = +v;
  if (Number.isNaN(n) || n < 0) {
    throw new RangeError(`wasmws: option ${name} must be a non-negative number, not ${String(v)}`);
  }
  return n;
}

/** Reads the water-mark options shared by both classes. */
function waterMarks(options) {
  return [numberOption(options, 'highWaterMark') ?? 0, numberOption(options, 'lowWaterMark') ?? 0];
}

/** The browser's WebSocket class, whose instances wasmws.WebSocket returns. */
const BrowserWebSocket = globalThis.WebSocket;
const browserSend = BrowserWebSocket.prototype.send;
const browserAddEventListener = EventTarget.prototype.addEventListener;

/**
 * A constructor that returns its argument: a subclass then installs its
 * private fields on an object made elsewhere (the browser's socket).
 */
class Adopt {
  constructor(obj) {
    return obj; // eslint-disable-line no-constructor-return
  }
}

/**
 * The sendAsync calls waiting for bufferedAmount to fall to lowWaterMark, and
 * whether it rose above highWaterMark since it last fell to lowWaterMark (the
 * same hysteresis as the Go Send). Both classes keep one.
 */
class LowWaterWaiters {
  throttled = false;
  #waiters = [];

  /** Queues a waiting sendAsync: an object with resolve and reject. */
  add(waiter) {
    this.#waiters.push(waiter);
  }

  /** bufferedAmount fell to lowWaterMark: fires bufferedamountlow on target, then resolves the waiters. */
  drained(target) {
    this.throttled = false;
    const waiters = this.#take();
    target.dispatchEvent(new Event('bufferedamountlow'));
    for (const w of waiters) {
      w.resolve();
    }
  }

  /** The socket closed: the waiters fail with an InvalidStateError saying message. */
  stop(message) {
    this.throttled = false;
    for (const w of this.#take()) {
      w.reject(new DOMException(message, 'InvalidStateError'));
    }
  }

  #take() {
    const waiters = this.#waiters;
    this.#waiters = [];
    return waiters;
  }
}

/**
 * A drop-in replacement for the browser's WebSocket, run by the Go engine,
 * with send-side backpressure added: sendAsync(), highWaterMark,
 * lowWaterMark and the bufferedamountlow event.
 *
 * An instance is the browser's own WebSocket object, created by the Go SDK
 * (an sdk.Conn), given this class's prototype (which inherits from the
 * browser's): its events, attributes and exceptions are the browser's own,
 * and a received message never passes through this code. This class adds
 * close() (validated and run by the engine), the water marks, sendAsync()
 * and bufferedamountlow; send() goes straight to the browser.
 */
class WebSocket extends Adopt {
  #id;
  #high;
  #low;
  #waiting = new LowWaterWaiters();
  /** @type {{resolve: Function, reject: Function}[]} sendAsync calls waiting for bufferedamountlow */

  /**
   * @param {string | URL} url absolute, or relative to the page
   * @param {string | string[]} [protocols]
   * @param {{highWaterMark?: number, lowWaterMark?: number}} [options] an
   *   addition: the water marks, in bytes (defaults 1 MiB and highWaterMark/4)
   */
  constructor(url, protocols = undefined, options = undefined) {
    if (arguments.length === 0) {
      throw new TypeError("Failed to construct 'WebSocket': 1 argument required, but only 0 present.");
    }
    const u = toUSV(url);
    const p = toProtocols(protocols);
    const [high, low] = waterMarks(options ?? {});
    const e = theEngine();
    let self = null;
    const port = { drained: () => self?.#drained() };
    const r = raise(e.wsOpen(u, p, high, low, port));
    const ws = r.ws;
    ws.binaryType = 'blob'; // the standard default (the SDK sets arraybuffer)
    super(ws);
    Object.setPrototypeOf(this, new.target.prototype);
    self = this;
    this.#id = r.id;
    this.#high = r.highWaterMark;
    this.#low = r.lowWaterMark;
    browserAddEventListener.call(this, 'close', () => this.#stopWaiting());
  }

  /** Above this bufferedAmount, in bytes, sendAsync waits (for lowWaterMark). */
  get highWaterMark() { return this.#high; }
  /** The bufferedAmount, in bytes, that ends the wait of sendAsync and fires bufferedamountlow. */
  get lowWaterMark() { return this.#low; }

  /**
   * Sends a message: a string (text), or an ArrayBuffer, ArrayBufferView or
   * Blob (binary; Blobs keep their place among the messages sent). The
   * browser's send(), then a look at bufferedAmount for the water marks.
   * @param {string | ArrayBufferLike | ArrayBufferView | Blob} data
   */
  send(data) {
    if (arguments.length === 0) {
      browserSend.call(this); // the browser's own TypeError
    }
    browserSend.call(this, data);
    if (!this.#waiting.throttled && this.bufferedAmount > this.#high) {
      this.#waiting.throttled = true;
      theEngine().wsThrottle(this.#id);
    }
  }

  /**
   * Sends a message as send() does, and resolves once it is sent and, if the
   * bufferedAmount then rose above highWaterMark, once it has fallen to
   * lowWaterMark. Rejects with InvalidStateError unless the socket is OPEN,
   * or if it closes before the bufferedAmount falls.
   * @param {string | ArrayBufferLike | ArrayBufferView | Blob} data
   * @returns {Promise<void>}
   */
  sendAsync(data) {
    try {
      if (arguments.length === 0) {
        throw missingArgument('sendAsync');
      }
      const state = this.readyState;
      if (state !== OPEN) {
        throw new DOMException(state === CONNECTING ? 'Still in CONNECTING state.' : 'The WebSocket is closing or closed.', 'InvalidStateError');
      }
      this.send(data);
    } catch (err) {
      return Promise.reject(err);
    }
    if (!this.#waiting.throttled) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.#waiting.add({ resolve, reject }));
  }

  /**
   * Starts the closing handshake. code: 1000 or 3000-4999; reason: at most
   * 123 bytes of UTF-8. The engine validates the arguments and closes the
   * SDK's connection.
   * @param {number} [code]
   * @param {string} [reason]
   */
  close(code = undefined, reason = undefined) {
    const [c, r] = closeArgs(code, reason);
    raise(theEngine().wsClose(this.#id, c, r));
  }

  /** bufferedAmount fell to lowWaterMark (the engine polled it). */
  #drained() {
    this.#waiting.drained(this);
  }

  /** The socket closed: waiting sendAsync calls fail. */
  #stopWaiting() {
    this.#waiting.stop('The WebSocket closed before bufferedAmount fell to lowWaterMark.');
  }
}
Object.setPrototypeOf(WebSocket.prototype, BrowserWebSocket.prototype);
defineConstants(WebSocket);
defineEventHandlers(WebSocket, ['bufferedamountlow']); // the others are the browser's

/** The payload of a message for the engine: a string or a Uint8Array view. */
function toPayload(data) {
  if (data instanceof ArrayBuffer) {
    return new Uint8Array(data);
  }
  if (ArrayBuffer.isView(data)) {
    if (typeof SharedArrayBuffer === 'function' && data.buffer instanceof SharedArrayBuffer) {
      throw new TypeError("Failed to execute 'send' on 'ReconnectingWebSocket': The provided ArrayBufferView value must not be shared.");
    }
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  if (typeof SharedArrayBuffer === 'function' && data instanceof SharedArrayBuffer) {
    throw new TypeError("Failed to execute 'send' on 'ReconnectingWebSocket': The provided ArrayBuffer value must not be shared.");
  }
  return toUSV(data);
}

/** The byte size of a payload (UTF-16 length for strings: a bound the engine refines). */
function payloadSize(p) {
  return typeof p === 'string' ? p.length : p.byteLength;
}

/** Whether received data equals the heartbeat (a string or a Uint8Array). */
function isHeartbeat(data, hb) {
  if (typeof hb === 'string') {
    return data === hb;
  }
  if (!(data instanceof ArrayBuffer) || data.byteLength !== hb.byteLength) {
    return false;
  }
  const d = new Uint8Array(data);
  for (let i = 0; i < d.length; i++) {
    if (d[i] !== hb[i]) {
      return false;
    }
  }
  return true;
}

/**
 * The subprotocol of resume mode (the resume option; resume/PROTOCOL.md). A
 * socket whose server selected it carries protocol frames, which the engine
 * parses: the shell hands it every message whole.
 */
const RESUME_PROTOCOL = 'wasmws.resume.v1';

/** Engine results of rwsSend. */
const SEND_QUEUED = 0;
const SEND_THROTTLED = 1;
const SEND_WAITING = 2;

/** Flag of a send queue index entry whose payload has a buffer of its own (as in wasm/rwsqueue.go). */
const SEND_OWN = 4;
/**
 * Payloads up to this size go into the send queue's shared buffer, when it
 * has room; larger ones are copied into buffers of their own. Copying into
 * the shared buffer allocates nothing, where a buffer of one's own costs an
 * ArrayBuffer allocation per message, which at 64 KiB costs more than the
 * copy itself.
 */
const SEND_PACK_MAX = 1 << 20;
/** The size the send queue's shared buffer starts at. */
const SEND_PACK_SIZE = 16 << 10;
/**
 * The size the shared buffer grows to at most (doubling, when a payload does
 * not fit), and keeps while the ReconnectingWebSocket lives; Go keeps a copy
 * buffer of the same bound (wasm/rwsqueue.go).
 */
const SEND_PACK_LIMIT = 4 << 20;
/** Words of the send queue index before its entries: [0] the shared buffer's byte length, [1] unused. */
const SEND_INDEX_HEADER = 2;

const utf8 = new TextEncoder();

/**
 * The send queue of a ReconnectingWebSocket: messages send() accepted
 * without entering Go (which costs more than sending a small message), each
 * copied at once, small payloads packed into one shared buffer. Go reports
 * the room the outbox has, and takes the queue into it in batches (pull),
 * once per burst: see wasm/rwsqueue.go. A message that does not fit in the
 * room Go reported is not queued here: send() then hands it to Go directly,
 * which takes this queue first.
 */
class SendQueue {
  /** Messages queued, and their bytes. */
  length = 0;
  bytes = 0;
  /** The shared buffer: the packed payloads, in order. */
  data = new Uint8Array(SEND_PACK_SIZE);
  /** The index of the batch Go takes: (type, size) uint32 pairs. */
  index;
  indexBytes;
  #max;
  #types = [];
  #sizes = [];
  #own = []; // a payload's own buffer, or null if packed
  #head = 0;
  #off = 0; // the end of the packed payloads in data
  #handed = 0; // packed bytes of the last batch, at the start of data
  #batchOwn = [];
  #roomMsgs = 0;
  #roomBytes = 0;

  /** @param {number} batchMax the most messages Go takes in one batch */
  constructor(batchMax) {
    this.#max = batchMax;
    this.index = new Uint32Array(SEND_INDEX_HEADER + 2 * batchMax);
    this.indexBytes = new Uint8Array(this.index.buffer);
  }

  /**
   * Makes room for n more bytes in the shared buffer, growing it (doubling,
   * up to SEND_PACK_LIMIT) if it must; reports whether it has the room. A
   * grown buffer replaces data: Go sees its new length in the index header
   * and reads data again.
   */
  #packRoom(n) {
    if (this.#off + n <= this.data.length) {
      return true;
    }
    if (n > SEND_PACK_MAX || this.#off + n > SEND_PACK_LIMIT) {
      return false;
    }
    let size = this.data.length;
    while (size < this.#off + n) {
      size *= 2;
    }
    const grown = new Uint8Array(Math.min(size, SEND_PACK_LIMIT));
    grown.set(this.data.subarray(0, this.#off));
    this.data = grown;
    return true;
  }

  /** Queues p, a string or a Uint8Array, if it fits in the room; reports whether it did. */
  add(p) {
    if (this.length + 1 > this.#roomMsgs) {
      return false;
    }
    this.#compact();
    let type = 2;
    let size;
    let own = null;
    if (typeof p === 'string') {
      type = 1;
      if (p.length * 3 <= SEND_PACK_MAX && this.#packRoom(p.length * 3)) {
        // At most 3 bytes of UTF-8 per UTF-16 code unit: it fits.
        size = utf8.encodeInto(p, this.data.subarray(this.#off)).written;
      } else {
        own = utf8.encode(p);
        size = own.length;
      }
      if (this.bytes + size > this.#roomBytes) {
        return false;
      }
    } else {
      size = p.byteLength;
      if (this.bytes + size > this.#roomBytes) {
        return false;
      }
      if (this.#packRoom(size)) {
        this.data.set(p, this.#off);
      } else {
        own = p.slice();
      }
    }
    if (own === null) {
      this.#off += size;
    }
    this.#types.push(type);
    this.#sizes.push(size);
    this.#own.push(own);
    this.length++;
    this.bytes += size;
    return true;
  }

  /**
   * Go's call: fills index with the oldest messages (at most batchMax), whose
   * packed payloads are then at the start of data, and returns how many.
   * freeMsgs and freeBytes are the room the outbox has before Go queues them.
   */
  pull(freeMsgs, freeBytes) {
    this.#compact();
    const k = Math.min(this.length, this.#max);
    const own = this.#batchOwn;
    own.length = 0;
    let packed = 0;
    let bytes = 0;
    this.index[0] = this.data.length;
    for (let i = 0; i < k; i++) {
      const j = this.#head + i;
      const size = this.#sizes[j];
      const o = this.#own[j];
      this.index[SEND_INDEX_HEADER + 2 * i] = this.#types[j] | (o === null ? 0 : SEND_OWN);
      this.index[SEND_INDEX_HEADER + 2 * i + 1] = size;
      own.push(o);
      this.#own[j] = null;
      if (o === null) {
        packed += size;
      }
      bytes += size;
    }
    this.#head += k;
    this.length -= k;
    this.bytes -= bytes;
    if (this.length === 0) {
      this.#types.length = 0;
      this.#sizes.length = 0;
      this.#own.length = 0;
      this.#head = 0;
    }
    this.#handed = packed;
    this.#roomMsgs = freeMsgs - k;
    this.#roomBytes = freeBytes - bytes;
    return k;
  }

  /** Go's call: the own buffer of the last batch's message i. */
  take(i) {
    const o = this.#batchOwn[i];
    this.#batchOwn[i] = null;
    return o;
  }

  /** Drops the last batch, which Go has copied, from the buffers. */
  #compact() {
    if (this.#handed > 0) {
      this.data.copyWithin(0, this.#handed, this.#off);
      this.#off -= this.#handed;
      this.#handed = 0;
    }
    if (this.#head > 0 && this.#head >= 1024) {
      this.#types.splice(0, this.#head);
      this.#sizes.splice(0, this.#head);
      this.#own.splice(0, this.#head);
      this.#head = 0;
    }
    this.#batchOwn.length = 0;
  }
}

/** Whether a payload to send (a string or a Uint8Array) equals the heartbeat (null: none). */
function isHeartbeatPayload(p, hb) {
  if (hb === null || typeof p !== typeof hb) {
    return false;
  }
  if (typeof hb === 'string') {
    return p === hb;
  }
  if (p.byteLength !== hb.byteLength) {
    return false;
  }
  for (let i = 0; i < p.length; i++) {
    if (p[i] !== hb[i]) {
      return false;
    }
  }
  return true;
}

/**
 * A WebSocket that reconnects, on the Go reconnect engine: backoff, a bounded
 * outbox that survives reconnections, safe replay, heartbeats. Same surface as
 * WebSocket, plus retryCount, state, reconnect() and the reconnecting event.
 * With the resume option, on a server that selects resume mode: exactly-once
 * delivery across reconnections, the mode property and the resumed and
 * notresumed events.
 */
class ReconnectingWebSocket extends EventTarget {
  #id;
  #url;
  #options;
  #debug;
  #heartbeat; // string, Uint8Array or null
  #readyState = CLOSED;
  #state = 'closed';
  #binaryType = 'blob';
  /** @type {globalThis.WebSocket | null} the browser's socket of the latest attempt */
  #ws = null;
  #origin = '';
  /** 'plain' or 'resume': the mode of the latest connection that opened; '' before. */
  #mode = '';
  /** The application subprotocol of the latest connection that opened (resume mode negotiates it inside). */
  #protocol = '';
  /**
   * The sockets' message events, kept until the engine says to dispatch
   * them: each is dispatched again on this object (see #deliver).
   */
  #fifo = [];
  #head = 0;
  #waiting = new LowWaterWaiters();
  /** sendAsync calls the engine reports on later, by token. */
  #pending = new Map();
  #nextToken = 1;
  /** Messages held back behind a Blob being read, in order. */
  #held = [];
  #heldBytes = 0;
  /** Calls into the engine in progress; events they cause wait in #deferred. */
  #depth = 0;
  #deferred = [];
  /** Messages send() accepted, for Go to take (see SendQueue). */
  #sendq;
  /** The wake-up of Go for the send queue: a MessageChannel, once needed. */
  #wake = null;
  #posted = false;
  /**
   * Port calls in progress after which the engine takes the send queue
   * itself (deliver, message): send() needs no wake-up then.
   */
  #engineTakes = 0;

  /**
   * @param {string | URL | (() => string | URL | Promise<string | URL>)} url
   *   a URL, or a function asked before every attempt
   * @param {string | string[]} [protocols]
   * @param {import('./wasmws.js').ReconnectingWebSocketOptions} [options] see wasmws.d.ts
   */
  constructor(url, protocols = undefined, options = undefined) {
    if (arguments.length === 0) {
      throw new TypeError("Failed to construct 'ReconnectingWebSocket': 1 argument required, but only 0 present.");
    }
    const u = typeof url === 'function' ? url : toUSV(url);
    const p = toProtocols(protocols);
    const o = normalizeOptions(options ?? {});
    const e = theEngine();
    super();
    this.#url = u;
    this.#options = o;
    this.#debug = Boolean(options?.debug);
    this.#heartbeat = o.heartbeatInterval > 0 ? (o.heartbeatMessage ?? e.defaultHeartbeat) : null;
    const sendq = new SendQueue(e.sendBatchMax);
    this.#sendq = sendq;
    const port = {
      sendPull: (freeMsgs, freeBytes) => sendq.pull(freeMsgs, freeBytes),
      sendTake: (i) => sendq.take(i),
      sendIndex: sendq.indexBytes,
      get sendData() { return sendq.data; }, // replaced when it grows: Go reads it again
      socket: (ws, receive) => this.#attach(ws, receive),
      deliver: (n) => this.#emitTaken(() => this.#deliver(n)),
      message: (data) => this.#emitTaken(() => this.#dispatchMessage(typeof data === 'string' ? data : data.buffer)),
      state: (name, readyState) => this.#setState(name, readyState),
      event: (type, a, b, c, d) => this.#emit(() => this.#event(type, a, b, c, d)),
      drained: () => this.#emit(() => this.#drained()),
      accepted: (token, throttled) => this.#settle(token, throttled, null),
      rejected: (token, name, message) => this.#settle(token, false, new DOMException(message, name)),
    };
    this.#id = this.#call(() => raise(e.rwsOpen(u, p, o, port))).id;
  }

  /**
   * Calls into the engine. The engine runs every goroutine before it returns,
   * so a call can make events (close() while waiting to reconnect closes at
   * once); those are dispatched after the call, in a microtask, never inside
   * it.
   */
  #call(f) {
    this.#depth++;
    try {
      return f();
    } finally {
      if (--this.#depth === 0 && this.#deferred.length > 0) {
        queueMicrotask(() => this.#flush());
      }
    }
  }

  /** Dispatches now, or after the calls in progress and the events before. */
  #emit(dispatch) {
    if (this.#depth > 0 || this.#deferred.length > 0) {
      this.#deferred.push(dispatch);
    } else {
      dispatch();
    }
  }

  /**
   * #emit for the port calls after which the engine takes the send queue
   * (wasm/rwsloop.go: drain): what the listeners send while dispatch runs
   * inside the call needs no wake-up task. (A dispatch #emit defers runs
   * later, outside the call, and wakes the engine as usual.)
   */
  #emitTaken(dispatch) {
    this.#engineTakes++;
    try {
      this.#emit(dispatch);
    } finally {
      this.#engineTakes--;
    }
  }

  #flush() {
    while (this.#depth === 0 && this.#deferred.length > 0) {
      this.#deferred.shift()();
    }
  }

  /** The URL of the latest attempt's socket, or the url given if it is a string. */
  get url() { return this.#ws?.url ?? (typeof this.#url === 'string' ? this.#url : ''); }
  /** CONNECTING (also while waiting to reconnect), OPEN, CLOSING or CLOSED. */
  get readyState() { return this.#readyState; }
  /** 'connecting', 'open', 'waiting', 'closing' or 'closed'. */
  get state() { return this.#state; }
  /** Bytes queued in the outbox and not yet sent by the socket. */
  get bufferedAmount() { return theEngine().rwsBuffered(this.#id) + this.#heldBytes; }
  /** Consecutive failed attempts; reset by a connection that stays open minUptime. */
  get retryCount() { return this.stats.retryCount; }
  /**
   * Counters: retryCount, attempts, reconnects, queuedMessages, queuedBytes,
   * sent, replayed, maybeLost, downtime (ms), copied; in resume mode resumed,
   * notResumed, retransmitted, acked, unacked, missed (see wasmws.d.ts).
   */
  get stats() { return theEngine().rwsStats(this.#id); }
  /**
   * The subprotocol the server selected, as on WebSocket; in resume mode the
   * application's, which the resume protocol negotiates inside.
   */
  get protocol() {
    const p = this.#ws?.protocol ?? '';
    return p === RESUME_PROTOCOL ? this.#protocol : p;
  }
  /**
   * How the latest connection that opened carries messages: 'resume'
   * (exactly once, in order, across reconnections) or 'plain' (safe replay);
   * '' before any opened. Each connection negotiates again.
   */
  get mode() { return this.#mode; }
  get extensions() { return this.#ws?.extensions ?? ''; }
  get binaryType() { return this.#binaryType; }
  set binaryType(v) {
    const t = `${v}`;
    if (t !== 'blob' && t !== 'arraybuffer') {
      return; // ignored, as by WebSocket
    }
    this.#binaryType = t;
    if (this.#ws !== null && !this.#wholeBinary()) {
      this.#ws.binaryType = t;
    }
  }
  get highWaterMark() { return this.#options.highWaterMark || theEngine().highWaterMark; }
  get lowWaterMark() { return this.#options.lowWaterMark || this.highWaterMark / 4; }

  /**
   * Queues a message in the outbox; it is sent while a connection is open,
   * in order. Throws QuotaExceededError when the outbox is full.
   * @param {string | ArrayBufferLike | ArrayBufferView | Blob} data
   */
  send(data) {
    if (arguments.length === 0) {
      throw missingArgument('send');
    }
    this.#send(data, 0, null);
  }

  /**
   * Queues a message as send() does, but waits for room in a full outbox, and
   * resolves once it is queued and, if the bufferedAmount then rose above
   * highWaterMark, once it has fallen to lowWaterMark.
   * @param {string | ArrayBufferLike | ArrayBufferView | Blob} data
   * @returns {Promise<void>}
   */
  sendAsync(data) {
    return new Promise((resolve, reject) => {
      if (arguments.length === 0) {
        throw missingArgument('sendAsync');
      }
      this.#send(data, this.#nextToken++, { resolve, reject });
    });
  }

  /**
   * Closes for good (until reconnect()): queued messages are flushed into an
   * open connection first, then the closing handshake runs.
   * @param {number} [code]
   * @param {string} [reason]
   */
  close(code = undefined, reason = undefined) {
    const [c, r] = closeArgs(code, reason);
    this.#call(() => raise(theEngine().rwsClose(this.#id, c, r)));
    if (this.#readyState !== CLOSED) {
      this.#setState('closing', CLOSING);
    }
  }

  /** Drops the connection and reconnects at once; after close() or startClosed, starts again. */
  reconnect() {
    this.#call(() => raise(theEngine().rwsReconnect(this.#id)));
  }

  /**
   * Queues a message for the engine (see SendQueue), hands it to the engine
   * if it does not fit there, or holds it behind a Blob being read.
   */
  #send(data, token, promise) {
    if (this.#held.length > 0 || data instanceof Blob) {
      this.#hold(data, token, promise);
      return;
    }
    const p = toPayload(data);
    if (token === 0 && !isHeartbeatPayload(p, this.#heartbeat) && this.#sendq.add(p)) {
      if (this.#engineTakes === 0) {
        this.#wakeEngine();
      }
      return;
    }
    const r = this.#call(() => raise(theEngine().rwsSend(this.#id, p, token)));
    this.#sent(r, token, promise);
  }

  /**
   * Has the engine take the send queue in a task of its own, once for every
   * message queued until then (unless it takes them sooner: after it
   * dispatched messages, or on any call).
   */
  #wakeEngine() {
    if (this.#posted) {
      return;
    }
    this.#posted = true;
    if (this.#wake === null) {
      this.#wake = new MessageChannel();
      this.#wake.port1.onmessage = () => {
        this.#posted = false;
        if (this.#sendq.length > 0) {
          theEngine().rwsFlush(this.#id);
        }
      };
    }
    this.#wake.port2.postMessage(0);
  }

  /** Acts on an engine result of rwsSend. */
  #sent(r, token, promise) {
    if (r === SEND_THROTTLED) {
      this.#waiting.throttled = true;
    }
    if (promise === null) {
      return;
    }
    if (r === SEND_WAITING) {
      this.#pending.set(token, promise);
    } else if (r === SEND_THROTTLED) {
      this.#waiting.add(promise);
    } else {
      promise.resolve();
    }
  }

  /** Holds a message back until the Blobs before it (or it) are read. */
  #hold(data, token, promise) {
    const item = { data, token: token || this.#nextToken++, promise, size: 0, read: null, error: null };
    if (data instanceof Blob) {
      item.size = data.size;
      item.read = data.arrayBuffer().then((b) => { item.data = new Uint8Array(b); }, (err) => { item.error = err; });
    } else {
      item.data = toPayload(data);
      item.size = payloadSize(item.data);
    }
    if (!theEngine().rwsRoom(this.#id, this.#held.length + 1, this.#heldBytes + item.size)) {
      throw new DOMException('The outbox is full.', 'QuotaExceededError');
    }
    this.#held.push(item);
    this.#heldBytes += item.size;
    if (this.#held.length === 1) {
      this.#flushHeld();
    }
  }

  /** Hands the held messages to the engine, in order, as their Blobs are read. */
  async #flushHeld() {
    while (this.#held.length > 0) {
      const item = this.#held[0];
      if (item.read !== null) {
        await item.read;
      }
      this.#held.shift();
      this.#heldBytes -= item.size;
      // Held messages wait for room rather than fail: room was checked
      // when they were sent.
      const promise = item.promise ?? {
        resolve() {},
        reject(err) { console.error('wasmws: a message held behind a Blob could not be queued:', err); },
      };
      if (item.error !== null) {
        promise.reject(new DOMException(`Reading the Blob failed: ${item.error.message}`, 'NotReadableError'));
        continue;
      }
      try {
        this.#sent(this.#call(() => raise(theEngine().rwsSend(this.#id, item.data, item.token))), item.token, promise);
      } catch (err) {
        promise.reject(err);
      }
    }
  }

  /** A sendAsync the engine made wait was queued (err null) or failed. */
  #settle(token, throttled, err) {
    const promise = this.#pending.get(token);
    this.#pending.delete(token);
    if (throttled) {
      this.#waiting.throttled = true;
    }
    if (promise === undefined) {
      return;
    }
    if (err !== null) {
      promise.reject(err);
    } else if (throttled) {
      this.#waiting.add(promise);
    } else {
      promise.resolve();
    }
  }

  /**
   * Whether the sockets must deliver binary messages as ArrayBuffers, which
   * the engine can read: for a binary heartbeat, and for resume mode's frames.
   */
  #wholeBinary() {
    return this.#heartbeat instanceof Uint8Array || this.#options.resume;
  }

  /**
   * A new browser socket for the next attempt: keep its messages here, or,
   * on a resume-mode socket, hand them to the engine whole.
   */
  #attach(ws, receive) {
    this.#ws = ws;
    this.#origin = new URL(ws.url).origin;
    this.#protocol = ''; // until this socket's open event says
    const hb = this.#heartbeat;
    ws.binaryType = this.#wholeBinary() ? 'arraybuffer' : this.#binaryType;
    const fifo = this.#fifo;
    // Messages arrive once the socket is open, when its protocol is known.
    let framed = this.#options.resume ? null : false;
    ws.addEventListener('message', (ev) => {
      const d = ev.data;
      framed ??= ws.protocol === RESUME_PROTOCOL;
      if (framed) {
        receive(d); // a frame: the engine parses it, and dispatches its payload
        return;
      }
      if (hb !== null && isHeartbeat(d, hb)) {
        receive(d); // the engine recognises heartbeat echoes itself
        return;
      }
      fifo.push(ev);
      if (typeof d === 'string') {
        receive(1, d.length);
      } else {
        receive(2, d instanceof Blob ? d.size : d.byteLength);
      }
    });
  }

  /**
   * Dispatches the oldest n messages kept. A socket's message event, whose
   * own dispatch ended long before, is dispatched again on this object as
   * it is (the DOM allows it; its isTrusted becomes false, as for any event
   * a script dispatches): constructing a MessageEvent was 7 % of the main
   * thread at 16 B in a V8 profile. Its data and origin are what a new one
   * would carry, but for a binary message the socket delivered as an
   * ArrayBuffer while binaryType is 'blob' (a binary heartbeat, resume
   * mode), which gets a new event with a Blob.
   */
  #deliver(n) {
    const fifo = this.#fifo;
    for (let i = 0; i < n; i++) {
      const ev = fifo[this.#head];
      fifo[this.#head++] = undefined;
      if (this.#head === fifo.length) {
        fifo.length = 0;
        this.#head = 0;
      } else if (this.#head >= 1024 && this.#head * 2 >= fifo.length) {
        fifo.splice(0, this.#head);
        this.#head = 0;
      }
      if (ev.eventPhase !== Event.NONE || (ev.data instanceof ArrayBuffer && this.#binaryType === 'blob')) {
        this.#dispatchMessage(ev.data);
      } else {
        this.dispatchEvent(ev);
      }
    }
  }

  #dispatchMessage(data) {
    if (data instanceof ArrayBuffer && this.#binaryType === 'blob') {
      data = new Blob([data]);
    }
    this.dispatchEvent(new MessageEvent('message', { data, origin: this.#origin }));
  }

  #setState(name, readyState) {
    if (this.#debug && name !== this.#state) {
      console.debug(`wasmws: ReconnectingWebSocket ${this.url}: ${this.#state} → ${name}`);
    }
    this.#state = name;
    this.#readyState = readyState;
  }

  #event(type, a, b, c, d) {
    switch (type) {
      case 'open':
        this.#mode = a;
        this.#protocol = b;
        this.dispatchEvent(new Event('open'));
        break;
      case 'resumed':
      case 'notresumed':
        if (this.#debug) {
          console.debug(`wasmws: ${type}: ${JSON.stringify(a)}`);
        }
        this.dispatchEvent(new CustomEvent(type, { detail: a }));
        break;
      case 'error':
        this.dispatchEvent(new Event('error'));
        break;
      case 'close': {
        if (this.#readyState === CLOSED) {
          this.#stopWaiting();
        }
        const ev = new CloseEvent('close', { code: a, reason: b, wasClean: c });
        // The URL of the socket that closed (or of the attempt that failed).
        Object.defineProperty(ev, 'url', { value: absoluteURL(d), enumerable: true });
        this.dispatchEvent(ev);
        break;
      }
      case 'reconnecting': {
        const url = absoluteURL(d);
        if (this.#debug) {
          console.debug(`wasmws: reconnecting: attempt ${a} in ${b} ms: ${url}: ${c}`);
        }
        this.dispatchEvent(new CustomEvent('reconnecting', { detail: { attempt: a, delay: b, reason: c, url } }));
        break;
      }
      case 'giveup': {
        const url = absoluteURL(c);
        if (this.#debug) {
          console.debug(`wasmws: gave up after attempt ${a}: ${url}: ${b}`);
        }
        this.dispatchEvent(new CustomEvent('giveup', { detail: { attempts: a, reason: b, url } }));
        break;
      }
    }
  }

  #drained() {
    this.#waiting.drained(this);
  }

  #stopWaiting() {
    this.#waiting.stop('The ReconnectingWebSocket closed before bufferedAmount fell to lowWaterMark.');
  }
}
defineConstants(ReconnectingWebSocket);
defineEventHandlers(ReconnectingWebSocket, [
  'open', 'message', 'error', 'close', 'reconnecting', 'giveup', 'bufferedamountlow', 'resumed', 'notresumed',
]);

/**
 * The URL an attempt used, as the browser's WebSocket serializes it: resolved
 * against the page's base URL, http(s) turned into ws(s). '' stays '' (the url
 * function failed: no URL), and so does what does not parse.
 */
function absoluteURL(u) {
  if (!u) {
    return '';
  }
  try {
    const url = new URL(u, globalThis.location?.href);
    if (url.protocol === 'http:' || url.protocol === 'https:') {
      url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
    }
    return url.href;
  } catch {
    return u;
  }
}

/** The options of ReconnectingWebSocket, checked and converted for the engine. */
function normalizeOptions(options) {
  const o = {};
  for (const name of [
    'minReconnectionDelay', 'maxReconnectionDelay', 'reconnectionDelayGrowFactor', 'jitter',
    'minUptime', 'connectionTimeout', 'maxRetries', 'maxEnqueuedMessages', 'maxEnqueuedBytes',
    'heartbeatInterval', 'heartbeatTimeout',
  ]) {
    o[name] = numberOption(options, name);
  }
  [o.highWaterMark, o.lowWaterMark] = waterMarks(options);
  o.startClosed = Boolean(options.startClosed);
  o.resume = Boolean(options.resume);
  o.resumeWindow = numberOption(options, 'resumeWindow');
  if (o.resumeWindow !== undefined && !(o.resumeWindow <= Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`wasmws: option resumeWindow must be at most ${Number.MAX_SAFE_INTEGER} bytes, not ${String(options.resumeWindow)}`);
  }
  const hb = options.heartbeatMessage;
  if (hb !== undefined) {
    o.heartbeatMessage = typeof hb === 'string' ? hb : new Uint8Array(toPayload(hb)); // a copy
  }
  if (options.shouldReconnect !== undefined) {
    if (typeof options.shouldReconnect !== 'function') {
      throw new TypeError('wasmws: option shouldReconnect must be a function');
    }
    o.shouldReconnect = options.shouldReconnect;
  }
  return o;
}
