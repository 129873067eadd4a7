// conformance.js: the cases of the conformance suite, written once and run
// against the browser's own WebSocket and wasmws.WebSocket on the same page.
// Each case takes a constructor and returns a trace (plain JSON data); the Go
// test (conformance_test.go) fails on any difference between the two traces.
// Traces record only what is deterministic: exception names, states, event
// types and order, data, and bufferedAmount where it changes synchronously.

/** How long a case waits for an event before it records a timeout. */
const TIMEOUT = 15000;

/** What an exception is, without its message (which may differ). */
function describeError(e) {
  return { threw: e?.name, dom: e instanceof DOMException, type: e?.constructor?.name };
}

/** Runs f and records its result or exception. */
function attempt(f) {
  try {
    const v = f();
    return { ok: v === undefined ? null : v };
  } catch (e) {
    return describeError(e);
  }
}

/** Data as a trace shows it. */
function describeData(d) {
  if (typeof d === 'string') {
    return { string: d.length > 64 ? `${d.slice(0, 64)}…(${d.length})` : d };
  }
  if (d instanceof ArrayBuffer) {
    return { arraybuffer: hex(new Uint8Array(d)) };
  }
  if (d instanceof Blob) {
    return { blob: d.size, mime: d.type };
  }
  return { other: String(d) };
}

function hex(u8) {
  const s = Array.from(u8.subarray(0, 32), (b) => b.toString(16).padStart(2, '0')).join('');
  return u8.length > 32 ? `${s}…(${u8.length})` : s;
}

/** An event as a trace shows it. */
function describeEvent(ev, ws) {
  const s = {
    type: ev.type,
    class: ev.constructor.name,
    readyState: ws.readyState,
    bubbles: ev.bubbles,
    cancelable: ev.cancelable,
    target: ev.target === ws,
    currentTarget: ev.currentTarget === ws,
  };
  if (ev.type === 'message') {
    Object.assign(s, describeData(ev.data), {
      isMessageEvent: ev instanceof MessageEvent,
      origin: ev.origin,
      lastEventId: ev.lastEventId,
      source: ev.source,
      ports: ev.ports.length,
    });
  }
  if (ev.type === 'close') {
    Object.assign(s, { isCloseEvent: ev instanceof CloseEvent, code: ev.code, reason: ev.reason, wasClean: ev.wasClean });
  }
  return s;
}

/**
 * Opens a socket, records every event into trace, calls on[type](ws, ev)
 * after recording each, and resolves once it has closed.
 */
function session(WS, trace, args, on = {}) {
  return new Promise((resolve) => {
    let ws;
    try {
      ws = new WS(...args);
    } catch (e) {
      trace.push({ constructor: describeError(e) });
      resolve();
      return;
    }
    trace.push({ created: ws.readyState, url: ws.url.replace(/key-[0-9]+/, 'KEY'), protocol: ws.protocol, binaryType: ws.binaryType, bufferedAmount: ws.bufferedAmount });
    on.created?.(ws);
    const timer = setTimeout(() => {
      trace.push('timeout');
      resolve();
    }, TIMEOUT);
    for (const type of ['open', 'message', 'error', 'close']) {
      ws.addEventListener(type, (ev) => {
        trace.push(describeEvent(ev, ws));
        on[type]?.(ws, ev);
        if (type === 'close') {
          clearTimeout(timer);
          // Let anything queued behind the close run before the trace ends.
          setTimeout(resolve, 50);
        }
      });
    }
  });
}

/** Resolves after the current task and its microtasks. */
const tick = () => new Promise((r) => setTimeout(r, 0));

export const cases = {
  // URL and protocol validation by the constructor.
  async constructorValidation(WS, trace, env) {
    const h = env.host;
    const inputs = [
      [],
      ['ftp://127.0.0.1/'],
      [`ws://${h}/echo#frag`],
      [`ws://${h}/echo#`],
      ['ws://[::1'],
      ['http://'],
      ['ws://127.0.0.1:99999/'],
      ['javascript:void 0'],
      ['data:text/plain,hi'],
      [`ws://${h}/echo`, ['chat', 'chat']],
      [`ws://${h}/echo`, ['a b']],
      [`ws://${h}/echo`, ['']],
      [`ws://${h}/echo`, ['é']],
      [`ws://${h}/echo`, ['(']],
      [`ws://${h}/echo`, [1, 1]],
      [`ws://${h}/echo`, {}],
      [`ws://${h}/echo`, 'a,b'],
      [`ws://${h}/echo`, ['chat', 'CHAT']],
      [Symbol('url')],
      [`ws://${h}/echo`, [Symbol('p')]],
    ];
    for (const args of inputs) {
      trace.push(attempt(() => {
        const ws = new WS(...args);
        ws.close();
        return { url: ws.url, readyState: ws.readyState };
      }));
    }
  },

  // URLs the constructor accepts, and how it serialises them.
  async constructorURLs(WS, trace, env) {
    const h = env.host;
    for (const url of [`http://${h}/echo`, `ws://${h}/echo?a=1&b`, '/echo', 'echo', `  ws://${h}/echo \n`,
      `WS://${h.toUpperCase()}/echo`, `ws://${h}/ech o`, `ws:${h}/echo`, `ws://${h}/echo/../echo`, new URL(`ws://${h}/echo`)]) {
      trace.push(attempt(() => {
        const ws = new WS(url);
        const r = { url: ws.url, readyState: ws.readyState };
        ws.close();
        r.afterClose = ws.readyState;
        return r;
      }));
    }
  },

  // The state constants and the interface's shape.
  async constants(WS, trace, env) {
    for (const name of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) {
      const d = Object.getOwnPropertyDescriptor(WS, name);
      const p = Object.getOwnPropertyDescriptor(WS.prototype, name);
      trace.push({ name, value: WS[name], writable: d.writable, enumerable: d.enumerable, proto: p.value, protoWritable: p.writable });
    }
    const ws = new WS(env.echo());
    trace.push({ instance: [ws.CONNECTING, ws.OPEN, ws.CLOSING, ws.CLOSED], isEventTarget: ws instanceof EventTarget });
    trace.push({ handlers: ['onopen', 'onmessage', 'onerror', 'onclose'].map((n) => [n, ws[n]]) });
    trace.push(attempt(() => WS()));
    ws.close();
  },

  // A whole session: open, text echo, client close, states and events.
  async lifecycle(WS, trace, env) {
    await session(WS, trace, [env.echo()], {
      open(ws) {
        ws.send('hello');
        trace.push({ afterSend: ws.bufferedAmount >= 0, readyState: ws.readyState });
      },
      message(ws) {
        ws.close(1000, 'done');
        trace.push({ afterClose: ws.readyState });
      },
      close(ws) {
        trace.push({ final: ws.readyState });
      },
    });
  },

  // close() validation: codes, [Clamp] conversion, reasons, in every state.
  async closeValidation(WS, trace, env) {
    // Each code is wrong itself, or clamps to a valid one while the reason is
    // too long: none of these calls may close the socket.
    const codes = [0, 999, 1001, 1005, 1006, 1015, 2999, 5000, 65535, -1, 'abc', null, 999.5, 999.6, 999.99, 4999.5, 4999.7, 65536 + 1000, NaN, Infinity, -0.4, -0.6, 3000.5, 1000.4, '4000', 1e300, -1e300, true];
    const reasons = ['x'.repeat(124), 'é'.repeat(62), '\uD800'.repeat(42), { toString: () => 'y'.repeat(124) }];
    const check = (ws, label) => {
      for (const code of codes) {
        trace.push({ label, code: String(code), ...attempt(() => ws.close(code, 'x'.repeat(200))), readyState: ws.readyState });
      }
      for (const reason of reasons) {
        trace.push({ label, reason: String(reason).length, ...attempt(() => ws.close(4000, reason)), readyState: ws.readyState });
      }
      trace.push({ label, symbol: attempt(() => ws.close(Symbol('c'))) });
      trace.push({ label, reasonOnly: attempt(() => ws.close(undefined, 'x'.repeat(124))) });
      trace.push({ label, reasonOnlyValid: attempt(() => ws.close(undefined, 'why')) });
      trace.push({ label, reasonOnlyEmpty: attempt(() => ws.close(undefined, '')) });
    };
    await session(WS, trace, [env.echo()], {
      created(ws) { check(ws, 'connecting'); },
      open(ws) {
        check(ws, 'open');
        // The longest valid reason: 123 bytes once lone surrogates become U+FFFD.
        trace.push(attempt(() => ws.close(3000, '\uD800'.repeat(41))));
      },
      close(ws) { check(ws, 'closed'); },
    });
  },

  // close(code, reason) reaches the server, which echoes it back.
  async closeCodes(WS, trace, env) {
    for (const [code, reason] of [[1000, ''], [3000, 'app'], [4999, 'é'.repeat(61)], [undefined, undefined], [1000.5, 'clamped'], [3000.9, 'truncated?']]) {
      await session(WS, trace, [env.echo()], { open(ws) { ws.close(code, reason); } });
    }
  },

  // close() twice, and close() in every state.
  async closeTwice(WS, trace, env) {
    await session(WS, trace, [env.echo()], {
      open(ws) {
        trace.push(attempt(() => ws.close(4000, 'first')));
        trace.push(attempt(() => ws.close(4001, 'second')), ws.readyState);
        trace.push(attempt(() => ws.close(1)));
      },
      close(ws) { trace.push(attempt(() => ws.close()), attempt(() => ws.close(4002)), ws.readyState); },
    });
  },

  // close() while CONNECTING fails the connection.
  async closeConnecting(WS, trace, env) {
    await session(WS, trace, [env.echo()], {
      created(ws) {
        ws.close(4000, 'early');
        trace.push({ afterClose: ws.readyState });
      },
    });
  },

  // Closing from the open handler.
  async closeInOpen(WS, trace, env) {
    await session(WS, trace, [env.echo()], { open(ws) { ws.close(4002, 'from onopen'); } });
  },

  // send() while CONNECTING, without arguments, and after close.
  async sendStates(WS, trace, env) {
    await session(WS, trace, [env.echo()], {
      created(ws) {
        trace.push({ connecting: attempt(() => ws.send('x')), noArgs: attempt(() => ws.send()) });
      },
      open(ws) {
        ws.close();
        trace.push({ closingBefore: ws.bufferedAmount });
        trace.push({ closing: attempt(() => ws.send('abc')), after: ws.bufferedAmount });
        trace.push({ closingBinary: attempt(() => ws.send(new Uint8Array(10))), after: ws.bufferedAmount });
      },
      close(ws) {
        const before = ws.bufferedAmount;
        trace.push({ closed: attempt(() => ws.send('abcd')), grew: ws.bufferedAmount - before });
      },
    });
  },

  // Every kind of data send() takes, echoed back in order, Blobs included.
  async sendTypes(WS, trace, env) {
    const buf = new Uint8Array(256).map((_, i) => i).buffer;
    const items = [
      'text',
      '',
      'ünïcödé \u{1F600}',
      'lone \uD800 surrogate',
      buf,
      new Uint8Array(buf, 10, 5),
      new DataView(buf, 250, 6),
      new Float64Array([1.5, -2]),
      new Uint16Array(buf, 2, 3),
      new Blob(['blob-text']),
      'after blob',
      new Blob([new Uint8Array([1, 2, 3]), 'x']),
      new Uint8Array(0),
      new ArrayBuffer(0),
      new Blob([]),
      12345,
      { toString() { return 'object'; } },
      null,
      'last',
    ];
    let received = 0;
    await session(WS, trace, [env.echo()], {
      created(ws) { ws.binaryType = 'arraybuffer'; },
      open(ws) {
        for (const d of items) {
          const before = ws.bufferedAmount;
          trace.push({ sent: attempt(() => ws.send(d)), grew: ws.bufferedAmount - before });
        }
      },
      message(ws) {
        if (++received === items.length) {
          ws.close();
        }
      },
    });
  },

  // bufferedAmount grows synchronously with each send, by the message's size
  // in bytes, while the server does not read.
  async bufferedAmount(WS, trace, env) {
    const key = `key-${Math.floor(Math.random() * 1e9)}`;
    await session(WS, trace, [env.echo(`pause=${key}`)], {
      open(ws) {
        const sizes = [];
        for (const d of ['a', 'é', '\u{1F600}', new Uint8Array(1000), new ArrayBuffer(3), new Blob(['12345']), 'x'.repeat(10000)]) {
          const before = ws.bufferedAmount;
          ws.send(d);
          sizes.push(ws.bufferedAmount - before);
        }
        trace.push({ sizes });
        ws.close(4000, 'paused');
        const r = new WS(env.echo(`resume=${key}`));
        r.onopen = () => r.close();
      },
    });
  },

  // binaryType: default, valid and invalid values, and what messages carry.
  async binaryType(WS, trace, env) {
    const seen = [];
    await session(WS, trace, [env.echo()], {
      created(ws) {
        trace.push(ws.binaryType);
        ws.binaryType = 'nonsense';
        trace.push(ws.binaryType);
        ws.binaryType = { toString: () => 'arraybuffer' };
        trace.push(ws.binaryType);
        ws.binaryType = 'blob';
      },
      open(ws) { ws.send(new Uint8Array([1, 2, 3])); },
      message(ws, ev) {
        seen.push(ev.data);
        if (seen.length === 1) {
          ws.binaryType = 'arraybuffer';
          ws.send(new Uint8Array([4, 5]));
        } else {
          ws.close();
        }
      },
    });
    const first = seen[0];
    trace.push({ blobBytes: first instanceof Blob ? hex(new Uint8Array(await first.arrayBuffer())) : null });
  },

  // Messages the server pushes on open, text and binary, many of them.
  async serverPush(WS, trace, env) {
    for (const type of ['text', 'binary']) {
      let n = 0;
      await session(WS, trace, [env.echo(`push=20&size=100&pushtype=${type}`)], {
        created(ws) { ws.binaryType = 'arraybuffer'; },
        message(ws) {
          if (++n === 20) {
            ws.close();
          }
        },
      });
    }
  },

  // The server closes, cleanly, with a code and reason, at once or later.
  async serverClose(WS, trace, env) {
    await session(WS, trace, [env.echo('close=4001&reason=bye')]);
    await session(WS, trace, [env.echo('close=1000&after=1')], { open(ws) { ws.send('one'); } });
    await session(WS, trace, [env.echo('close=1011&reason=oops')]);
  },

  // The server drops the TCP connection without a close frame.
  async serverDrop(WS, trace, env) {
    await session(WS, trace, [env.echo('drop=0')]);
    await session(WS, trace, [env.echo('drop=2')], { open(ws) { ws.send('a'); ws.send('b'); } });
  },

  // The server refuses the handshake; or nothing listens.
  async rejectedHandshake(WS, trace, env) {
    await session(WS, trace, [env.echo('reject=403')]);
    await session(WS, trace, [env.echo('reject=503')]);
    await session(WS, trace, [`ws://${env.host}/not-a-websocket`]);
  },

  // Subprotocol negotiation.
  async subprotocols(WS, trace, env) {
    await session(WS, trace, [env.echo(), ['x-unknown', 'chat']], { open(ws) { ws.close(); } });
    await session(WS, trace, [env.echo(), 'echo-protocol'], { open(ws) { ws.close(); } });
    await session(WS, trace, [env.echo(), new Set(['chat'])], { open(ws) { ws.close(); } });
    // Offered, none selected: the browser fails the connection.
    await session(WS, trace, [env.echo('protocol='), ['chat']]);
    // Selected, not offered.
    await session(WS, trace, [env.echo('protocol=chat')]);
    // null is the protocol "null", which the server does not know.
    await session(WS, trace, [env.echo(), null]);
  },

  // Event handler attributes and listeners: order, replacement, removal.
  async eventHandlers(WS, trace, env) {
    const order = [];
    await session(WS, trace, [env.echo()], {
      created(ws) {
        ws.addEventListener('open', () => order.push('listener A'));
        ws.onopen = () => order.push('onopen 1');
        ws.addEventListener('open', () => order.push('listener B'));
        ws.onopen = function () { order.push(`onopen 2 this=${this === ws}`); };
        const f = () => order.push('once');
        ws.addEventListener('open', f, { once: true });
        ws.addEventListener('open', f);
        ws.onmessage = () => order.push('onmessage');
        ws.onmessage = null;
        ws.onerror = 'not a function';
        trace.push({ onerror: ws.onerror, onmessage: ws.onmessage, onclose: ws.onclose });
        const obj = { handleEvent() { order.push('handleEvent'); } };
        ws.addEventListener('message', obj);
        ws.onclose = { handleEvent() { order.push('object handler'); } };
        trace.push({ oncloseType: typeof ws.onclose });
      },
      open(ws) { ws.send('m'); },
      message(ws) { ws.close(); },
    });
    trace.push(order);
  },

  // Events dispatched by a listener's code run synchronously, and an
  // exception in a listener does not stop the others.
  async listenerExceptions(WS, trace, env) {
    const order = [];
    const onError = (e) => { e.preventDefault(); order.push(`reported ${e.message.includes('boom')}`); };
    window.addEventListener('error', onError);
    await session(WS, trace, [env.echo()], {
      created(ws) {
        ws.addEventListener('open', () => { order.push('first'); throw new Error('boom'); });
        ws.addEventListener('open', () => order.push('second'));
      },
      open(ws) { ws.close(); },
    });
    window.removeEventListener('error', onError);
    trace.push(order);
  },

  // A large message each way.
  async largeMessages(WS, trace, env) {
    const big = new Uint8Array(3 << 20).map((_, i) => i * 7);
    const text = 'abcdefghij'.repeat(100000);
    const got = [];
    await session(WS, trace, [env.echo()], {
      created(ws) { ws.binaryType = 'arraybuffer'; },
      open(ws) {
        ws.send(big);
        ws.send(text);
      },
      message(ws, ev) {
        got.push(typeof ev.data === 'string' ? ev.data === text : new Uint8Array(ev.data).every((b, i) => b === big[i]));
        if (got.length === 2) {
          ws.close();
        }
      },
    });
    trace.push(got);
  },

  // Microtasks queued by a listener run before the next event's listeners.
  async microtasks(WS, trace, env) {
    const order = [];
    await session(WS, trace, [env.echo()], {
      created(ws) {
        ws.addEventListener('message', (ev) => {
          order.push(`message ${ev.data}`);
          Promise.resolve().then(() => order.push(`microtask ${ev.data}`));
        });
      },
      open(ws) { ws.send('1'); ws.send('2'); },
      message(ws, ev) {
        if (ev.data === '2') {
          ws.close();
        }
      },
    });
    await tick();
    trace.push(order);
  },
};

/** The names of the cases, in order. */
export const names = Object.keys(cases);

/**
 * Runs one case against the browser's WebSocket ('native') or
 * wasmws.WebSocket ('wasmws') and returns its trace.
 */
export async function run(name, which, env) {
  const WS = which === 'native' ? globalThis.WebSocket : globalThis.wasmws.WebSocket;
  const trace = [];
  await cases[name](WS, trace, env);
  return trace;
}
