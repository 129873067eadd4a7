// bench.js measures echo throughput of the browser's WebSocket,
// wasmws.WebSocket and wasmws.ReconnectingWebSocket on the same page and
// server: each class in turn, in an order that rotates from round to round,
// echoes count binary messages of size bytes with window messages in flight.

const classes = {
  browser: () => globalThis.WebSocket,
  wasmws: () => globalThis.wasmws.WebSocket,
  reconnecting: () => globalThis.wasmws.ReconnectingWebSocket,
};

/** Opens a socket of class name and resolves once it is open. */
function open(name, url) {
  return new Promise((resolve, reject) => {
    const WS = classes[name]();
    const ws = new WS(url);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => resolve(ws);
    ws.onerror = () => reject(new Error(`${name}: connection failed`));
  });
}

/** Echoes count messages through ws and resolves with the milliseconds it took. */
function echo(ws, size, count, window) {
  const payload = new Uint8Array(size).fill(7);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let received = 0;
    const start = performance.now();
    ws.onmessage = (ev) => {
      if (ev.data.byteLength !== size) {
        reject(new Error(`echo of ${ev.data.byteLength} bytes, want ${size}`));
        return;
      }
      if (++received === count) {
        resolve(performance.now() - start);
      } else if (sent < count) {
        ws.send(payload);
        sent++;
      }
    };
    ws.onclose = () => reject(new Error('closed during the run'));
    for (; sent < Math.min(window, count); sent++) {
      ws.send(payload);
    }
  });
}

/** Closes ws and resolves once it is closed. */
function close(ws) {
  return new Promise((resolve) => {
    ws.onclose = () => resolve();
    ws.close();
  });
}

/**
 * Runs rounds of the benchmark and returns, per class, the total messages,
 * bytes and milliseconds, and the milliseconds of each round.
 */
export async function run({ env, size, count, window = 16, rounds = 1, names = ['browser', 'wasmws'] }) {
  const totals = Object.fromEntries(names.map((n) => [n, { messages: 0, bytes: 0, ms: 0, runs: [] }]));
  for (let r = 0; r < rounds; r++) {
    // Rotate the order, so that each class runs first, middle and last
    // equally often over the rounds.
    const order = names.map((_, i) => names[(i + r) % names.length]);
    for (const name of order) {
      const ws = await open(name, env.echo());
      await echo(ws, size, Math.min(window, count), window); // warm up
      globalThis.gc?.(); // start clean (Chromium runs with --expose-gc)
      const ms = await echo(ws, size, count, window);
      await close(ws);
      const t = totals[name];
      t.messages += count;
      t.bytes += count * size;
      t.ms += ms;
      t.runs.push(ms);
    }
  }
  return totals;
}
