// bench.js: the JavaScript half of the browser benchmark (see
// bench/cmd/benchrun). It measures the browser's own WebSocket, driven by plain
// JavaScript the way pages use it (onmessage, send), and wasmws.WebSocket and
// wasmws.ReconnectingWebSocket through the very same code, with the loops of package bench: echo throughput
// with a window of messages in flight and an empty message to end the slice,
// and round trips one at a time. Progress goes to console.log.

/** The message of size bytes that package bench sends: byte i is i*7+1. */
function payload(size) {
  const p = new Uint8Array(size);
  for (let i = 0; i < size; i++) p[i] = (i * 7 + 1) & 255;
  return p;
}

/** bench.Window: messages in flight, up to 4 MiB, between 1 and 64. */
function windowOf(size) {
  return Math.max(1, Math.min(64, Math.floor((4 << 20) / Math.max(size, 1))));
}

/** Opens a socket made by make(url) and resolves when it is open. */
function open(make, url) {
  return new Promise((resolve, reject) => {
    const ws = make(url);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => resolve(ws);
    ws.onerror = () => reject(new Error(`cannot connect to ${url}`));
  });
}

/** One throughput slice of about ms: resolves {n, secs}. */
function throughput(ws, size, ms) {
  return new Promise((resolve, reject) => {
    const p = payload(size);
    const win = windowOf(size);
    let sent = 0, recv = 0, stopped = false;
    const t0 = performance.now();
    const deadline = t0 + ms;
    const pump = () => {
      while (!stopped && sent - recv < win) {
        if (performance.now() >= deadline) {
          stopped = true;
          ws.send(new Uint8Array(0));
          return;
        }
        ws.send(p);
        sent++;
      }
    };
    ws.onclose = () => reject(new Error('closed during throughput'));
    ws.onmessage = (e) => {
      const n = e.data.byteLength;
      if (n === 0) {
        resolve({ n: recv, secs: (performance.now() - t0) / 1000 });
        return;
      }
      if (n !== size) {
        reject(new Error(`echo of ${n} bytes, want ${size}`));
        return;
      }
      recv++;
      pump();
    };
    pump();
  });
}

/** One latency slice: pushes round trips (ms) to rtts. */
function latency(ws, size, ms, maxRounds, rtts) {
  return new Promise((resolve, reject) => {
    const p = payload(size);
    const deadline = performance.now() + ms;
    let t0 = 0, i = 0;
    ws.onclose = () => reject(new Error('closed during latency'));
    ws.onmessage = (e) => {
      rtts.push(performance.now() - t0);
      i++;
      if (e.data.byteLength !== size) {
        reject(new Error(`echo of ${e.data.byteLength} bytes, want ${size}`));
      } else if (i < maxRounds && (i < 3 || performance.now() < deadline)) {
        t0 = performance.now();
        ws.send(p);
      } else {
        resolve();
      }
    };
    t0 = performance.now();
    ws.send(p);
  });
}

/**
 * Measures every implementation, interleaved as bench.Run does, and resolves
 * an array of objects shaped like bench.Raw (round trips in nanoseconds).
 *
 * @param {{url: string, sizes: number[], reps: number, throughputMs: number,
 *          latencyMs: number, maxRounds: number, warmMs: number, impls: string[]}} plan
 *   warmMs: an untimed throughput slice per client and size first (0: none).
 *   impls: "WebSocket (JS)", "wasmws.WebSocket", "wasmws.ReconnectingWebSocket".
 */
export async function runBench(plan) {
  const makers = {
    'WebSocket (JS)': (url) => new WebSocket(url),
  };
  if (plan.impls.some((name) => name.startsWith('wasmws.'))) {
    const { load } = await import('./wasmws.js');
    const wasmws = await load();
    makers['wasmws.WebSocket'] = (url) => new wasmws.WebSocket(url);
    makers['wasmws.ReconnectingWebSocket'] = (url) => new wasmws.ReconnectingWebSocket(url);
  }
  const impls = plan.impls.filter((name) => makers[name]);
  const acc = {};
  const sockets = {};
  for (const name of impls) {
    acc[name] = plan.sizes.map(() => ({ n: 0, secs: 0, slices: [], rtts: [], error: '' }));
    try {
      sockets[name] = await open(makers[name], plan.url);
      for (const size of plan.sizes) {
        await latency(sockets[name], size, 0, 5, []);
        if (plan.warmMs > 0) await throughput(sockets[name], size, plan.warmMs);
      }
    } catch (err) {
      for (const a of acc[name]) a.error = `connecting: ${err.message}`;
    }
  }
  const total = plan.reps * plan.sizes.length * impls.length;
  let step = 0;
  for (let rep = 0; rep < plan.reps; rep++) {
    for (let j = 0; j < plan.sizes.length; j++) {
      for (const name of impls) {
        step++;
        console.log(`bench: [${step}/${total}] ${name} ${plan.sizes[j]} B (round ${rep + 1} of ${plan.reps})`);
        const a = acc[name][j];
        if (a.error) continue;
        try {
          const t = await throughput(sockets[name], plan.sizes[j], plan.throughputMs);
          a.n += t.n;
          a.secs += t.secs;
          a.slices.push({ messages: t.n, nanos: Math.round(t.secs * 1e9) });
          await latency(sockets[name], plan.sizes[j], plan.latencyMs, plan.maxRounds, a.rtts);
        } catch (err) {
          a.error = err.message;
        }
      }
    }
  }
  for (const ws of Object.values(sockets)) ws.close(1000);
  const out = [];
  plan.sizes.forEach((size, j) => {
    for (const name of impls) {
      const a = acc[name][j];
      out.push({
        client: name, size, messages: a.n, nanos: Math.round(a.secs * 1e9), allocs_na: true,
        slices: a.slices, rtts: a.rtts.map((ms) => Math.round(ms * 1e6)), error: a.error || undefined,
      });
    }
  });
  return out;
}

/** Compiled Go wasm modules by URL: runGo compiles each once. */
const modules = new Map();

/**
 * Runs a Go wasm program in this page, as wasmexec would, and resolves its
 * exit code and stdout (the page's fs.writeSync collects it into goOut).
 * Each run is a new instance of a module compiled once, so that the engine's
 * optimised code from earlier runs is reused.
 *
 * @param {{wasm: string, argv: string[], env: Object<string, string>}} prog
 */
export async function runGo({ wasm, argv, env }) {
  globalThis.goOut = '';
  const go = new globalThis.Go();
  go.argv = argv;
  go.env = env;
  let code = 0;
  go.exit = (c) => { code = c; };
  if (!modules.has(wasm)) modules.set(wasm, await WebAssembly.compileStreaming(fetch(wasm)));
  const instance = await WebAssembly.instantiate(modules.get(wasm), go.importObject);
  await go.run(instance);
  // A Go timer still pending at exit would fire into the exited program
  // ("Go program has already exited"), in the middle of the next slice:
  // wasm_exec.js does not clear them itself.
  for (const id of go._scheduledTimeouts?.values() ?? []) clearTimeout(id);
  return { code, out: globalThis.goOut };
}
