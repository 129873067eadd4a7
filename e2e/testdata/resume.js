// resume.js: wasmws.ReconnectingWebSocket in resume mode (the resume
// option) against the echo server, which speaks wasmws.resume.v1 when it is
// offered, and its faults. Each scenario returns a record of what happened;
// resume_test.go checks it. A scenario takes the page's env and its
// arguments (chaos: the fault query and how many messages).
import { closed, firstThen, next, sleep } from './rws.js';

/** Quick reconnection; every connection resets the attempt count. */
const fast = { minReconnectionDelay: 1, maxReconnectionDelay: 10, minUptime: 0, resume: true };

/** Resolves once f() is true, checked on every event of type (or rejects after ms). */
function until(target, type, f, what, ms) {
  return new Promise((resolve, reject) => {
    if (f()) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      target.removeEventListener(type, on);
      reject(new Error(`${what}: not within ${ms} ms`));
    }, ms);
    const on = () => {
      if (f()) {
        clearTimeout(timer);
        target.removeEventListener(type, on);
        resolve();
      }
    };
    target.addEventListener(type, on);
  });
}

/**
 * Counts, in got (which should be 0 … total−1 in order), the values missing,
 * those seen more than once, and those not above their predecessor.
 */
function tally(got, total) {
  const seen = new Map();
  let duplicated = 0;
  let outOfOrder = 0;
  got.forEach((v, i) => {
    const n = (seen.get(v) ?? 0) + 1;
    seen.set(v, n);
    if (n === 2) {
      duplicated++;
    }
    if (i > 0 && v <= got[i - 1]) {
      outOfOrder++;
    }
  });
  let missing = 0;
  for (let i = 0; i < total; i++) {
    if (!seen.has(i)) {
      missing++;
    }
  }
  return { missing, duplicated, outOfOrder };
}

/** A binary message of size bytes carrying seq in its first four. */
function numbered(seq, size) {
  const b = new Uint8Array(size);
  new DataView(b.buffer).setUint32(0, seq);
  return b;
}

const seqOf = (data) => new DataView(data).getUint32(0);

let keys = 0;
const key = () => `resume-${Date.now()}-${++keys}`;

/** Resumes a paused echo connection (pause=k). */
async function resumeServer(env, k) {
  const ws = new WebSocket(env.echo(`resume=${k}`));
  await next(ws, 'open');
  ws.close();
}

export const scenarios = {
  // The options, the mode and protocol properties, every kind of payload,
  // a Reconnect that resumes, and the fallback to plain mode.
  async surface(env) {
    const invalid = {};
    for (const [name, value] of [['resumeWindow', -1], ['resumeWindow', NaN], ['resumeWindow', Infinity], ['resumeWindow', 2 ** 53]]) {
      try {
        new wasmws.ReconnectingWebSocket(env.echo(), [], { resume: true, [name]: value }).close();
        invalid[`${name}=${value}`] = 'accepted';
      } catch (e) {
        invalid[`${name}=${value}`] = e.name;
      }
    }

    const rws = new wasmws.ReconnectingWebSocket(env.echo(), ['chat'], { ...fast, resumeWindow: 64 << 10 });
    const before = { mode: rws.mode, protocol: rws.protocol };
    const events = [];
    for (const type of ['open', 'resumed', 'notresumed']) {
      rws.addEventListener(type, (ev) => events.push(ev.detail === undefined ? `${type} ${rws.mode}` : `${type} ${JSON.stringify(ev.detail)}`));
    }
    await next(rws, 'open');
    const opened = { mode: rws.mode, protocol: rws.protocol };
    const got = [];
    rws.addEventListener('message', (ev) => got.push(ev.data));
    const sends = ['text', '', new Uint8Array([1, 2, 3]), new Uint8Array(0), new Blob(['blob']), 'é✓'];
    for (const d of sends) {
      rws.send(d);
    }
    await until(rws, 'message', () => got.length >= sends.length, 'echoes', 15000);
    const echoes = [];
    for (const d of got) {
      echoes.push(typeof d === 'string' ? `text ${d}` : `${d.constructor.name} ${new Uint8Array(await d.arrayBuffer()).join(',')}`);
    }
    rws.binaryType = 'arraybuffer';
    rws.reconnect();
    await next(rws, 'resumed');
    rws.send(new Uint8Array([9]));
    const afterResume = await next(rws, 'message');
    const s = rws.stats;
    await closed(rws);

    // A server that selects another protocol: plain mode.
    const plain = new wasmws.ReconnectingWebSocket(env.echo('protocol=chat'), ['chat'], fast);
    await next(plain, 'open');
    plain.send('plain');
    const plainEcho = (await next(plain, 'message')).data;
    const fallback = { mode: plain.mode, protocol: plain.protocol, echo: plainEcho };
    await closed(plain);
    return {
      invalid,
      before,
      opened,
      echoes,
      afterResume: afterResume.data instanceof ArrayBuffer ? [...new Uint8Array(afterResume.data)] : String(afterResume.data),
      events,
      stats: { resumed: s.resumed, notResumed: s.notResumed, acked: s.acked, copied: s.copied },
      fallback,
    };
  },

  // total sequence-numbered messages through a server that cuts every
  // connection (args.query: drop=N after N messages read, cut=N in the
  // middle of the N+1th written): none missing, duplicated or out of order.
  async chaos(env, args) {
    const { query, total } = args;
    const size = 32;
    const start = performance.now();
    const rws = new wasmws.ReconnectingWebSocket(env.echo(query), [], fast);
    rws.binaryType = 'arraybuffer';
    let resumedEvents = 0;
    let notResumedEvents = 0;
    rws.addEventListener('resumed', () => resumedEvents++);
    rws.addEventListener('notresumed', () => notResumedEvents++);
    const got = [];
    rws.addEventListener('message', (ev) => got.push(seqOf(ev.data)));
    const done = until(rws, 'message', () => got.length >= total, `echoes (${got.length} of ${total})`, 170000);
    let sendError = null;
    for (let i = 0; i < total; i++) {
      try {
        await rws.sendAsync(numbered(i, size));
      } catch (e) {
        sendError = String(e);
        break;
      }
    }
    let timeout = null;
    try {
      await done;
    } catch (e) {
      timeout = String(e);
    }
    const elapsed = Math.round(performance.now() - start);
    const s = rws.stats;
    const mode = rws.mode;
    await closed(rws);
    return {
      query,
      sent: total,
      received: got.length,
      ...tally(got, total),
      retransmitted: s.retransmitted,
      reconnects: s.reconnects,
      resumed: s.resumed,
      notResumed: s.notResumed,
      resumedEvents,
      notResumedEvents,
      mode,
      sendError,
      timeout,
      elapsedMs: elapsed, // for the log only
    };
  },

  // The server forgets the session after echoing 3 messages (expire=3):
  // the next connection fires notresumed with exact counts, and what
  // arrives is every echo but the missed ones, once each, in order.
  async notResumed(env) {
    const rws = new wasmws.ReconnectingWebSocket(firstThen(env, 'expire=3', ''), [], fast);
    const events = [];
    for (const type of ['open', 'resumed', 'notresumed']) {
      rws.addEventListener(type, () => events.push(type));
    }
    const got = [];
    rws.addEventListener('message', (ev) => got.push(ev.data));
    const notResumed = next(rws, 'notresumed');
    for (let i = 0; i < 5; i++) {
      rws.send(String(i));
    }
    const detail = (await notResumed).detail;
    const want = 5 - Math.max(detail.missed, 0);
    let timeout = null;
    try {
      await until(rws, 'message', () => got.length >= want, `echoes (${got.length} of ${want})`, 15000);
    } catch (e) {
      timeout = String(e);
    }
    const s = rws.stats;
    const mode = rws.mode;
    await closed(rws);
    return {
      detail,
      got,
      events,
      mode,
      timeout,
      stats: { notResumed: s.notResumed, missed: s.missed, resumed: s.resumed, maybeLost: s.maybeLost },
    };
  },

  // A server that refuses the session's token by closing with 4401 (the
  // echo server's refuse=close, RefuseWithClose; forge=1 makes it read the
  // token changed): the next connection is a new session and fires
  // notresumed (every message was acknowledged: nothing resent or maybe
  // lost; what the server sent is unknown, missed −1). The new session
  // echoes.
  async refused(env) {
    const rws = new wasmws.ReconnectingWebSocket(firstThen(env, 'refuse=close', 'refuse=close&forge=1'), [], fast);
    const events = [];
    for (const type of ['open', 'resumed', 'notresumed']) {
      rws.addEventListener(type, () => events.push(type));
    }
    const got = [];
    rws.addEventListener('message', (ev) => got.push(ev.data));
    await next(rws, 'open');
    rws.send('a');
    rws.send('b');
    let timeout = null;
    let detail = null;
    try {
      await until(rws, 'message', () => got.length >= 2, `echoes (${got.length} of 2)`, 15000);
      const notResumed = next(rws, 'notresumed');
      rws.reconnect();
      detail = (await notResumed).detail;
      rws.send('c');
      await until(rws, 'message', () => got.length >= 3, `echoes (${got.length} of 3)`, 15000);
    } catch (e) {
      timeout = String(e);
    }
    const s = rws.stats;
    const mode = rws.mode;
    await closed(rws);
    return {
      detail,
      got,
      events,
      mode,
      timeout,
      stats: { notResumed: s.notResumed, resumed: s.resumed, maybeLost: s.maybeLost, missed: s.missed, reconnects: s.reconnects },
    };
  },

  // A server that stops reading (pause) grants no more acknowledgements:
  // past the resume window and highWaterMark, sendAsync waits, on every
  // engine (WebKit's bufferedAmount included, which plain mode cannot rely
  // on); once the server reads again, the wait ends and every message
  // arrives once, in order.
  async backpressure(env) {
    const k = key();
    const size = 1024;
    const window = 64 << 10;
    const rws = new wasmws.ReconnectingWebSocket(env.echo(`pause=${k}`), [], {
      ...fast, resumeWindow: window, highWaterMark: 64 << 10, lowWaterMark: 16 << 10, maxEnqueuedBytes: 4 << 20,
    });
    rws.binaryType = 'arraybuffer';
    await next(rws, 'open');
    let lows = 0;
    rws.addEventListener('bufferedamountlow', () => lows++);
    const got = [];
    rws.addEventListener('message', (ev) => got.push(seqOf(ev.data)));
    // Send until a sendAsync stays pending with the window unacknowledged
    // (how long only decides when to stop trying); at most 4 MiB, far
    // beyond the bound checked.
    let accepted = 0;
    let blocked = null;
    const settles = (p, ms) => Promise.race([p.then(() => true, () => true), sleep(ms).then(() => false)]);
    while (accepted < 4096) {
      const p = rws.sendAsync(numbered(accepted, size));
      accepted++;
      if (await settles(p, 500)) {
        continue;
      }
      if (rws.stats.unacked * size >= window || !(await settles(p, 30000))) {
        blocked = p;
        break;
      }
      // Only slow (a busy machine): not blocked yet.
    }
    const s = rws.stats;
    const whileBlocked = {
      blocked: blocked !== null,
      stillPending: blocked !== null && !(await settles(blocked, 200)),
      bufferedAmount: rws.bufferedAmount,
      unacked: s.unacked,
      queuedBytes: s.queuedBytes,
      acked: s.acked,
    };
    await resumeServer(env, k);
    let settled = null;
    if (blocked !== null) {
      settled = await Promise.race([blocked.then(() => 'resolved', (e) => `rejected ${e.name}`), sleep(60000).then(() => 'still pending')]);
    }
    let timeout = null;
    try {
      await until(rws, 'message', () => got.length >= accepted, `echoes (${got.length} of ${accepted})`, 60000);
    } catch (e) {
      timeout = String(e);
    }
    const reconnects = rws.stats.reconnects;
    await closed(rws);
    return { size, window, highWaterMark: rws.highWaterMark, accepted, whileBlocked, settled, lows, ...tally(got, accepted), received: got.length, reconnects, timeout };
  },
};

export const names = Object.keys(scenarios);

export function run(name, env, args) {
  return scenarios[name](env, args);
}
