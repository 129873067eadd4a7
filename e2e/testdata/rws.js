// rws.js: scenarios of wasmws.ReconnectingWebSocket against the echo server's
// faults. Each returns a record of what happened; reconnect_test.go checks it.

/** Fast reconnection for tests. */
const fast = { minReconnectionDelay: 20, maxReconnectionDelay: 100, minUptime: 100000 };

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves with the next event of type on target (or rejects after ms). */
export function next(target, type, ms = 15000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${ms} ms`)), ms);
    target.addEventListener(type, (ev) => {
      clearTimeout(timer);
      resolve(ev);
    }, { once: true });
  });
}

/** Records the events of rws as short strings. */
function recorder(rws) {
  const events = [];
  for (const type of ['open', 'message', 'error', 'close', 'reconnecting', 'bufferedamountlow']) {
    rws.addEventListener(type, (ev) => {
      switch (type) {
        case 'message':
          events.push(`message ${typeof ev.data === 'string' ? ev.data : `binary ${ev.data.byteLength ?? ev.data.size}`}`);
          break;
        case 'close':
          events.push(`close ${ev.code} ${ev.wasClean} state=${rws.state}`);
          break;
        case 'reconnecting':
          events.push(`reconnecting attempt=${ev.detail.attempt} delay=${typeof ev.detail.delay} reason=${typeof ev.detail.reason}`);
          break;
        default:
          events.push(`${type} state=${rws.state}`);
      }
    });
  }
  return events;
}

/** Collects n messages' data from rws. */
function collect(rws, n, ms = 20000) {
  return new Promise((resolve, reject) => {
    const got = [];
    const timer = setTimeout(() => reject(new Error(`got ${got.length} of ${n} messages: ${got.slice(-3)}`)), ms);
    const on = (ev) => {
      got.push(ev.data);
      if (got.length === n) {
        clearTimeout(timer);
        rws.removeEventListener('message', on);
        resolve(got);
      }
    };
    rws.addEventListener('message', on);
  });
}

/** Closes rws and resolves once it is closed for good. */
export async function closed(rws, code, reason) {
  if (rws.readyState === rws.CLOSED) {
    return;
  }
  const done = new Promise((resolve) => {
    const on = () => {
      if (rws.readyState === rws.CLOSED) {
        rws.removeEventListener('close', on);
        resolve();
      }
    };
    rws.addEventListener('close', on);
  });
  rws.close(code, reason);
  await done;
}

/** A url function: the echo URL with query first, then with then. */
export function firstThen(env, first, then) {
  let n = 0;
  return () => env.echo(n++ === 0 ? first : then);
}

function describeError(e) {
  return e ? { name: e.name, dom: e instanceof DOMException } : null;
}

const utf8 = (s) => new TextEncoder().encode(s);

let keys = 0;
const key = () => `rws-${Date.now()}-${++keys}`;

export const scenarios = {
  // The server drops the connection after two echoes; the client reconnects
  // and goes on, with the close and reconnecting events in between.
  async reconnects(env) {
    // The first connection drops after two messages; later ones do not.
    const rws = new wasmws.ReconnectingWebSocket(firstThen(env, 'drop=2', ''), [], fast);
    const events = recorder(rws);
    const initial = { readyState: rws.readyState, state: rws.state };
    await next(rws, 'open');
    rws.send('a');
    rws.send('b');
    const reconnecting = await next(rws, 'reconnecting');
    const duringWait = { readyState: rws.readyState, retryCount: rws.retryCount };
    await next(rws, 'open');
    rws.send('c');
    await next(rws, 'message');
    const stats = rws.stats;
    await closed(rws, 4000, 'done');
    return {
      initial,
      events,
      detail: reconnecting.detail,
      isCustomEvent: reconnecting instanceof CustomEvent,
      duringWait,
      reconnects: stats.reconnects,
      final: { readyState: rws.readyState, state: rws.state },
    };
  },

  // Messages sent while not open wait in the outbox and go out in order.
  async outboxOrder(env) {
    const rws = new wasmws.ReconnectingWebSocket(env.echo(), [], { ...fast, startClosed: true });
    const n = 200;
    for (let i = 0; i < n; i++) {
      rws.send(i % 3 === 0 ? new Uint8Array([i & 255, i >> 8]) : `m${i}`);
    }
    const queued = rws.stats.queuedMessages;
    const buffered = rws.bufferedAmount;
    rws.binaryType = 'arraybuffer';
    const got = collect(rws, n);
    rws.reconnect();
    const data = await got;
    await closed(rws);
    const inOrder = data.every((d, i) => (i % 3 === 0
      ? d instanceof ArrayBuffer && new Uint8Array(d)[0] === (i & 255) && new Uint8Array(d)[1] === (i >> 8)
      : d === `m${i}`));
    return { queued, buffered, received: data.length, inOrder };
  },

  // The outbox bounds: messages and bytes; a full outbox throws
  // QuotaExceededError, and nothing is dropped.
  async outboxBounds(env) {
    const byCount = new wasmws.ReconnectingWebSocket(env.echo(), [], { startClosed: true, maxEnqueuedMessages: 3 });
    const countResults = [];
    for (let i = 0; i < 5; i++) {
      try {
        byCount.send(`c${i}`);
        countResults.push('ok');
      } catch (e) {
        countResults.push(describeError(e));
      }
    }
    const byBytes = new wasmws.ReconnectingWebSocket(env.echo(), [], { startClosed: true, maxEnqueuedBytes: 10 });
    const byteResults = [];
    for (const d of ['12345', '6789', '0', 'x', new Uint8Array(11)]) {
      try {
        byBytes.send(d);
        byteResults.push('ok');
      } catch (e) {
        byteResults.push(describeError(e));
      }
    }
    // What was queued is sent, in order, once connected.
    const got = collect(byCount, 3);
    byCount.reconnect();
    const echoed = await got;
    const asyncFull = await byBytes.sendAsync('more').then(() => 'resolved', (e) => describeError(e));
    await closed(byCount);
    await closed(byBytes);
    return { countResults, byteResults, echoed, asyncFull };
  },

  // sendAsync waits while the server does not read (pause), and resolves
  // once it reads again (resume); bufferedamountlow fires.
  async sendAsyncPause(env) {
    const k = key();
    const rws = new wasmws.ReconnectingWebSocket(env.echo(`pause=${k}`), [], {
      ...fast, highWaterMark: 256 << 10, lowWaterMark: 64 << 10, maxEnqueuedBytes: 4 << 20,
    });
    await next(rws, 'open');
    let lows = 0;
    rws.addEventListener('bufferedamountlow', () => lows++);
    const chunk = new Uint8Array(256 << 10);
    let sent = 0;
    let blocked = null;
    // Send until a sendAsync does not settle for a while: the kernel's
    // buffers, the socket's and the outbox are full. Bounded at 256 MiB.
    while (sent < 1024) {
      const p = rws.sendAsync(chunk);
      sent++;
      const r = await Promise.race([p.then(() => 'resolved'), sleep(300).then(() => 'pending')]);
      if (r === 'pending') {
        if (rws.bufferedAmount > rws.highWaterMark) {
          blocked = p;
          break;
        }
        await p; // only slow (a busy machine): not blocked yet
      }
    }
    const whileBlocked = { blocked: blocked !== null, bufferedAboveHigh: rws.bufferedAmount > rws.highWaterMark, lows };
    // send() fills the outbox, then throws.
    let full = null;
    for (let i = 0; i < 64 && full === null; i++) {
      try {
        rws.send(chunk);
      } catch (e) {
        full = describeError(e);
      }
    }
    const resume = new WebSocket(env.echo(`resume=${k}`));
    await next(resume, 'open');
    resume.close();
    let settled = null;
    if (blocked !== null) {
      settled = await Promise.race([blocked.then(() => 'resolved', (e) => `rejected ${e.name}`), sleep(60000).then(() => 'still pending')]);
    }
    const after = { bufferedAtMostLow: rws.bufferedAmount <= rws.lowWaterMark || lows > 0, lows };
    await closed(rws);
    return { sent, whileBlocked, full, settled, after };
  },

  // close() stops reconnecting for good, even while waiting to reconnect.
  async closeStops(env) {
    const rws = new wasmws.ReconnectingWebSocket(env.echo('drop=0'), [], { ...fast, minReconnectionDelay: 300, maxReconnectionDelay: 300 });
    const events = recorder(rws);
    await next(rws, 'reconnecting');
    rws.close(4000, 'stop');
    events.push('close() returned');
    const afterCall = { readyState: rws.readyState };
    await sleep(50);
    const attempts = rws.stats.attempts;
    await sleep(1000); // several reconnection delays
    return {
      afterCall,
      events,
      final: { readyState: rws.readyState, state: rws.state },
      moreAttempts: rws.stats.attempts - attempts,
    };
  },

  // startClosed: nothing happens until reconnect(); then it connects.
  async startClosed(env) {
    const rws = new wasmws.ReconnectingWebSocket(env.echo(), 'chat', { ...fast, startClosed: true });
    const events = recorder(rws);
    const initial = { readyState: rws.readyState, state: rws.state };
    await sleep(200);
    const idle = { events: events.length, attempts: rws.stats.attempts };
    rws.reconnect();
    const afterReconnect = { readyState: rws.readyState, state: rws.state };
    await next(rws, 'open');
    const open = { readyState: rws.readyState, protocol: rws.protocol, url: rws.url };
    rws.send('hi');
    const echo = (await next(rws, 'message')).data;
    await closed(rws);
    // And again after close().
    rws.reconnect();
    await next(rws, 'open');
    const reopened = rws.readyState;
    await closed(rws);
    return { initial, idle, afterReconnect, open, echo, reopened, events };
  },

  // The url option: a string, a function, an async function, and a
  // function that fails at first.
  async urlProviders(env) {
    const out = {};
    const providers = {
      string: env.echo('via=string'),
      url: new URL(env.echo('via=url')),
      function: () => env.echo('via=function'),
      async: async () => {
        await sleep(10);
        return env.echo('via=async');
      },
      flaky: (() => {
        let calls = 0;
        return () => {
          if (++calls < 3) {
            throw new Error('not yet');
          }
          return env.echo('via=flaky');
        };
      })(),
      rejecting: (() => {
        let calls = 0;
        return () => (++calls < 2 ? Promise.reject(new Error('no')) : Promise.resolve(env.echo('via=rejecting')));
      })(),
    };
    for (const [name, url] of Object.entries(providers)) {
      const rws = new wasmws.ReconnectingWebSocket(url, [], fast);
      let reconnectings = 0;
      rws.addEventListener('reconnecting', () => reconnectings++);
      await next(rws, 'open');
      rws.send(name);
      const echo = (await next(rws, 'message')).data;
      out[name] = { echo, url: new URL(rws.url).search, reconnectings };
      await closed(rws);
    }
    return out;
  },

  // Invalid arguments throw as the WebSocket constructor does.
  async invalidArguments(env) {
    const results = {};
    const tries = {
      fragment: () => new wasmws.ReconnectingWebSocket(`${env.echo()}#x`),
      scheme: () => new wasmws.ReconnectingWebSocket('ftp://example.com/'),
      protocols: () => new wasmws.ReconnectingWebSocket(env.echo(), ['a', 'a']),
      negative: () => new wasmws.ReconnectingWebSocket(env.echo(), [], { maxReconnectionDelay: -1 }),
      factor: () => new wasmws.ReconnectingWebSocket(env.echo(), [], { reconnectionDelayGrowFactor: 0.5, startClosed: true }),
      closeCode: () => new wasmws.ReconnectingWebSocket(env.echo(), [], { startClosed: true }).close(1001),
      closeReason: () => new wasmws.ReconnectingWebSocket(env.echo(), [], { startClosed: true }).close(4000, 'x'.repeat(124)),
    };
    for (const [name, f] of Object.entries(tries)) {
      try {
        const r = f();
        results[name] = 'ok';
        r?.close?.();
      } catch (e) {
        results[name] = { name: e.name, dom: e instanceof DOMException };
      }
    }
    return results;
  },

  // Heartbeats: echoes of the heartbeat are not delivered; other messages are.
  async heartbeat(env) {
    const rws = new wasmws.ReconnectingWebSocket(env.echo(), [], { ...fast, heartbeatInterval: 20, heartbeatTimeout: 5000 });
    const got = [];
    rws.addEventListener('message', (ev) => got.push(ev.data));
    await next(rws, 'open');
    await sleep(300); // some fifteen heartbeats
    rws.send('app');
    await next(rws, 'message');
    let refused = null;
    try {
      rws.send('__wasmws_ping__');
    } catch (e) {
      refused = describeError(e);
    }
    const state = rws.state;
    const copied = rws.stats.copied;
    await closed(rws);
    return { got, state, refused, copied };
  },

  // send() queues in JavaScript and the engine takes the queue in bursts;
  // sendAsync() and messages that do not fit in the room the engine reported
  // go through the engine at once. Mixed, with small and large payloads
  // (packed, or copied on their own), they keep their order, and each is
  // counted once. maxEnqueuedMessages is small: the queue fills the outbox
  // at once, and send() must not throw QuotaExceededError while the
  // connection takes the messages (far below highWaterMark here).
  async sendQueue(env) {
    const rws = new wasmws.ReconnectingWebSocket(env.echo(), [], { ...fast, maxEnqueuedMessages: 16 });
    rws.binaryType = 'arraybuffer';
    await next(rws, 'open');
    const n = 600;
    const got = collect(rws, n);
    const waits = [];
    const expect = [];
    let refused = 0;
    for (let i = 0; expect.length < n; i++) {
      let data;
      if (i % 50 === 7) {
        data = `async ${i}`;
        expect.push(data);
        waits.push(rws.sendAsync(data));
        continue;
      }
      data = i % 30 === 3 ? `large ${i} ${'x'.repeat(5000)}` : (i % 3 === 0 ? `é€😀 ${i}` : `m${i}`);
      try {
        rws.send(i % 4 === 1 ? utf8(data) : data);
        expect.push(data);
      } catch (e) {
        if (e.name !== 'QuotaExceededError') {
          throw e;
        }
        refused++;
        await sleep(1); // let the outbox drain
      }
    }
    await Promise.all(waits);
    const data = (await got).map((d) => (typeof d === 'string' ? d : new TextDecoder().decode(d)));
    const firstMismatch = data.findIndex((d, i) => d !== expect[i]);
    const stats = rws.stats;
    await closed(rws);
    return { received: data.length, firstMismatch, sent: stats.sent, queuedAfter: stats.queuedMessages, refused };
  },

  // A burst of large payloads, sent in one task: the send queue's shared
  // buffer grows (16 KiB, doubling, to 4 MiB) while it holds earlier ones,
  // and what no longer fits, or is larger than 1 MiB, gets a buffer of its
  // own. Each payload is copied at send(): the caller's buffer, changed
  // right after, changes nothing. Everything arrives whole, in order.
  async sendQueueLarge(env) {
    const rws = new wasmws.ReconnectingWebSocket(env.echo(), [], fast);
    rws.binaryType = 'arraybuffer';
    await next(rws, 'open');
    const sizes = [10, 20000, 3, 70000, 150000, 1 << 20, 5, 300000, (1 << 20) + 1, 700000, 9000, 1500000, 64, 600000, 1];
    const got = collect(rws, sizes.length);
    const scratch = new Uint8Array(Math.max(...sizes));
    const want = [];
    sizes.forEach((size, i) => {
      const p = scratch.subarray(0, size);
      for (let j = 0; j < size; j++) {
        p[j] = (i * 31 + j * 7) & 255;
      }
      want.push(p.slice());
      rws.send(p); // then scratch changes: the queue holds a copy
    });
    scratch.fill(0);
    const data = await got;
    const text = `${'é'.repeat(100000)} last`; // 200 KiB of UTF-8, packed
    const gotText = collect(rws, 1);
    rws.send(text);
    const echoedText = (await gotText)[0];
    const firstMismatch = data.findIndex((d, i) => {
      const b = new Uint8Array(d);
      return b.length !== want[i].length || b.some((x, j) => x !== want[i][j]);
    });
    const stats = rws.stats;
    await closed(rws);
    return { received: data.length, firstMismatch, textEqual: echoedText === text, sent: stats.sent, queuedAfter: stats.queuedMessages };
  },

  // Every kind of data, text and binary, in order, Blobs included, received
  // as Blob or ArrayBuffer per binaryType.
  async dataTypes(env) {
    const rws = new wasmws.ReconnectingWebSocket(env.echo(), [], fast);
    await next(rws, 'open');
    const buf = new Uint8Array(16).map((_, i) => i).buffer;
    const items = ['t1', buf, new Uint8Array(buf, 4, 3), new DataView(buf, 10, 2), new Blob(['blob']), 't2', new Blob([new Uint8Array([9, 9])]), 't3'];
    const got = collect(rws, items.length);
    for (const d of items) {
      rws.send(d);
    }
    const data = await got;
    const described = await Promise.all(data.map(async (d) => {
      if (typeof d === 'string') {
        return d;
      }
      const bytes = new Uint8Array(d instanceof Blob ? await d.arrayBuffer() : d);
      return `${d.constructor.name} ${Array.from(bytes).join(',')}`;
    }));
    rws.binaryType = 'arraybuffer';
    let handled = null;
    rws.onmessage = (ev) => { handled = ev; };
    rws.send(new Uint8Array([1]));
    const ev = await next(rws, 'message');
    const ab = ev.data;
    const copied = rws.stats.copied;
    // The socket's own event, dispatched again here: a MessageEvent of this
    // object, as a new one would be.
    const event = {
      messageEvent: ev instanceof MessageEvent,
      type: ev.type,
      target: ev.target === rws,
      origin: ev.origin === new URL(rws.url).origin,
      handlerSaw: handled === ev,
      phaseAfter: ev.eventPhase,
    };
    await closed(rws);
    return { described, arraybuffer: ab instanceof ArrayBuffer, binaryType: rws.binaryType, copied, event };
  },

  // A server close that ShouldReconnect refuses (1000) ends the socket for
  // good; a shouldReconnect option can decide otherwise.
  async shouldReconnect(env) {
    const plain = new wasmws.ReconnectingWebSocket(env.echo('close=1000&reason=bye'), [], fast);
    const plainEvents = recorder(plain);
    await next(plain, 'close');
    await sleep(300);
    const plainFinal = plain.state;
    let asked = null;
    let opens = 0;
    const custom = new wasmws.ReconnectingWebSocket(env.echo('close=1000&reason=again'), [], {
      ...fast,
      shouldReconnect: (ev) => {
        asked = { code: ev.code, reason: ev.reason, wasClean: ev.wasClean };
        return opens < 2;
      },
    });
    custom.addEventListener('open', () => opens++);
    await new Promise((resolve) => {
      custom.addEventListener('close', () => {
        if (custom.readyState === custom.CLOSED) {
          resolve();
        }
      });
    });
    return { plainEvents, plainFinal, asked, opens, customFinal: custom.state };
  },

  // A server that refuses every handshake, reached through a relative URL:
  // the reconnecting and close events name the absolute URL that failed,
  // and after maxRetries retries a giveup event comes before the last close.
  async giveUp(env) {
    const relative = '/echo?reject=503';
    const rws = new wasmws.ReconnectingWebSocket(relative, [], { ...fast, maxRetries: 2 });
    const events = [];
    rws.addEventListener('reconnecting', (ev) => events.push(`reconnecting attempt=${ev.detail.attempt} url=${ev.detail.url}`));
    rws.addEventListener('close', (ev) => events.push(`close ${ev.code} url=${ev.url} state=${rws.state}`));
    let giveup = null;
    rws.ongiveup = (ev) => {
      giveup = { ...ev.detail, isCustomEvent: ev instanceof CustomEvent, state: rws.state };
      events.push('giveup');
    };
    await new Promise((resolve) => {
      rws.addEventListener('close', () => rws.readyState === rws.CLOSED && resolve());
    });
    return { events, giveup, expected: new URL(env.echo('reject=503')).href, final: rws.state };
  },

  // The event handler attributes and constants exist as on WebSocket.
  async surface(env) {
    const R = wasmws.ReconnectingWebSocket;
    const rws = new R(env.echo(), [], { startClosed: true });
    const got = [];
    rws.onreconnecting = () => got.push('onreconnecting');
    rws.onopen = () => got.push('onopen');
    rws.reconnect();
    await next(rws, 'open');
    await closed(rws);
    return {
      constants: [R.CONNECTING, R.OPEN, R.CLOSING, R.CLOSED, rws.OPEN],
      eventTarget: rws instanceof EventTarget,
      handlers: got,
      marks: [rws.highWaterMark, rws.lowWaterMark],
      binaryType: rws.binaryType,
    };
  },
};

export const names = Object.keys(scenarios);

export function run(name, env) {
  return scenarios[name](env);
}
