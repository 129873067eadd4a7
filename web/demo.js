// demo.js drives index.html: a wasmws.WebSocket or ReconnectingWebSocket on
// the bundled echo server, its live state, a log, the server's fault
// injection (as one-shot query parameters of the next connection), and a
// chart of throughput and bufferedAmount.
import { load } from './wasmws.js';

const $ = (id) => document.getElementById(id);
const stateNames = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

/** The namespace load() returns. */
let wasmws = null;
/** @type {any} the socket, either class */
let sock = null;
/** Fault query parameters for the next connection only. */
let nextFault = '';
/** Run once the next connection opens (a probe that triggers a fault). */
let onNextOpen = null;
let pauseKey = '';
let received = 0;
let receivedBytes = 0;

/** The echo endpoint's URL with a query. */
function echoURL(query = '') {
  const u = new URL('/echo', location.href);
  u.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  u.search = query;
  return u.href;
}

/** The URL of the next connection: faults apply once. */
function nextURL() {
  const q = nextFault;
  nextFault = '';
  return echoURL(q);
}

/**
 * Appends a line to the log. A line equal to the last one (same kind, same
 * text) is not repeated: the last line counts it (×N) and takes its time.
 */
function log(kind, text) {
  const list = $('log');
  const now = new Date().toLocaleTimeString([], { hour12: false });
  const last = list.lastElementChild;
  if (last && last.className === kind && last.dataset.text === text) {
    const n = Number(last.dataset.count) + 1;
    last.dataset.count = String(n);
    last.querySelector('time').textContent = now;
    last.querySelector('.count').textContent = ` ×${n}`;
    return;
  }
  const li = document.createElement('li');
  li.className = kind;
  li.dataset.text = text;
  li.dataset.count = '1';
  const time = document.createElement('time');
  time.textContent = now;
  const count = document.createElement('span');
  count.className = 'count';
  li.append(time, text, count);
  list.append(li);
  while (list.children.length > 300) {
    list.firstChild.remove();
  }
  list.scrollTop = list.scrollHeight;
}

function describe(data) {
  if (typeof data === 'string') {
    return data.length > 120 ? `${data.slice(0, 120)}… (${data.length} chars)` : data;
  }
  const n = data.byteLength ?? data.size;
  return `${n} bytes (binary, ${data.constructor.name})`;
}

function size(data) {
  return typeof data === 'string' ? data.length : (data.byteLength ?? data.size);
}

/** Opens a socket of the chosen class and wires its events to the log. */
function connect() {
  const mode = $('mode').value;
  if (mode === 'plain') {
    sock = new wasmws.WebSocket(nextURL());
  } else {
    sock = new wasmws.ReconnectingWebSocket(nextURL, [], { minReconnectionDelay: 250, maxReconnectionDelay: 4000, minUptime: 2000 });
  }
  const s = sock;
  s.binaryType = 'arraybuffer';
  s.addEventListener('open', () => {
    log('open', `open ${s.url}`);
    const f = onNextOpen;
    onNextOpen = null;
    f?.();
  });
  s.addEventListener('message', (ev) => {
    received++;
    receivedBytes += size(ev.data);
    if (received % 50 === 1 || typeof ev.data === 'string' || received < 50) {
      log('echo', `echo: ${describe(ev.data)}`);
    }
  });
  s.addEventListener('error', () => log('error', 'error'));
  s.addEventListener('close', (ev) => {
    log('close', `close ${ev.code}${ev.reason ? ` "${ev.reason}"` : ''} ${ev.wasClean ? 'clean' : 'unclean'}`);
    if (s === sock && s.readyState === s.CLOSED) {
      setConnected(false);
    }
  });
  s.addEventListener('reconnecting', (ev) => {
    const d = ev.detail;
    log('reconnecting', `reconnecting: attempt ${d.attempt} in ${d.delay} ms (${d.reason})`);
  });
  s.addEventListener('bufferedamountlow', () => log('info', `bufferedamountlow: ${s.bufferedAmount} bytes buffered`));
  setConnected(true);
  log('info', `new ${mode === 'plain' ? 'WebSocket' : 'ReconnectingWebSocket'}`);
}

function setConnected(on) {
  $('connect').disabled = on;
  $('disconnect').disabled = !on;
  $('mode').disabled = on;
}

/** Applies a fault to the next connection and moves to it. */
function reconnectWith(query, then) {
  if (!sock) {
    log('error', 'connect first');
    return;
  }
  nextFault = query;
  onNextOpen = then;
  log('fault', `fault: next connection to /echo?${query}`);
  if (sock instanceof wasmws.ReconnectingWebSocket && sock.readyState !== sock.CLOSED) {
    sock.reconnect();
  } else {
    sock.close?.();
    connect();
  }
}

/** Calls f, logging an exception it throws. */
function guard(f) {
  return () => {
    try {
      f();
    } catch (err) {
      log('error', `${err.name}: ${err.message}`);
    }
  };
}

function send(data) {
  if (!sock) {
    log('error', 'connect first');
    return;
  }
  sock.send(data);
  log('sent', `sent: ${describe(data)}`);
}

async function flood() {
  const chunk = new Uint8Array(64 << 10).map((_, i) => i);
  log('info', 'flood: 200 × 64 KiB with sendAsync');
  const start = performance.now();
  for (let i = 0; i < 200 && sock; i++) {
    await sock.sendAsync(chunk);
  }
  log('info', `flood: all accepted in ${Math.round(performance.now() - start)} ms`);
}

/** Updates the status fields. */
function updateStatus() {
  const s = sock;
  const rs = s ? s.readyState : null;
  $('ready-state').textContent = rs === null ? '—' : `${rs} ${stateNames[rs]}`;
  const state = s ? (s.state ?? stateNames[rs].toLowerCase()) : '—';
  $('state').textContent = state;
  $('state').className = `state-${state}`;
  $('buffered').textContent = s ? s.bufferedAmount.toLocaleString() : '—';
  $('retries').textContent = s && 'retryCount' in s ? s.retryCount : '—';
  $('received').textContent = received.toLocaleString();
}

// The chart: received bytes per second and bufferedAmount, sampled 5 times a
// second over the last minute.
const SAMPLES_PER_SECOND = 5;
const MAX_SAMPLES = 60 * SAMPLES_PER_SECOND + 1;
const samples = [];
let lastBytes = 0;
let lastTime = performance.now();

function sample() {
  const now = performance.now();
  const rate = ((receivedBytes - lastBytes) * 1000) / (now - lastTime);
  lastBytes = receivedBytes;
  lastTime = now;
  samples.push({ rate, buffered: sock ? sock.bufferedAmount : 0 });
  if (samples.length > MAX_SAMPLES) {
    samples.shift();
  }
  draw();
  updateStatus();
}

function fmtBytes(n) {
  if (n >= 1 << 20) {
    return `${(n / (1 << 20)).toFixed(1)} MiB`;
  }
  if (n >= 1 << 10) {
    return `${(n / (1 << 10)).toFixed(1)} KiB`;
  }
  return `${Math.round(n)} B`;
}

function draw() {
  const canvas = $('chart');
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (canvas.width !== w * dpr) {
    canvas.width = w * dpr;
    canvas.height = h * dpr;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.font = '11px system-ui, sans-serif';
  // The time axis: the plot is the last 60 s, 5 samples a second; a grid
  // line and a label every 10 s, "now" at the right edge.
  const axis = 16; // px below the plot for the labels
  const ph = h - axis; // plot height
  ctx.strokeStyle = '#e6e9ef';
  ctx.lineWidth = 1;
  for (let i = 1; i < 4; i++) {
    ctx.beginPath();
    ctx.moveTo(0, (ph * i) / 4);
    ctx.lineTo(w, (ph * i) / 4);
    ctx.stroke();
  }
  ctx.fillStyle = '#6b7280';
  for (let sec = 0; sec <= 60; sec += 10) {
    const x = w - sec * SAMPLES_PER_SECOND * (w / (MAX_SAMPLES - 1));
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, ph);
    ctx.stroke();
    const label = sec === 0 ? 'now' : `−${sec} s`;
    const lw = ctx.measureText(label).width;
    ctx.fillText(label, Math.min(Math.max(x - lw / 2, 0), w - lw), h - 3);
  }
  const series = [
    { key: 'rate', color: '#2f6fed', label: (v) => `${fmtBytes(v)}/s` },
    { key: 'buffered', color: '#d9480f', label: fmtBytes },
  ];
  series.forEach((s, k) => {
    const top = Math.max(1024, ...samples.map((p) => p[s.key]));
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    samples.forEach((p, i) => {
      const x = w - (samples.length - 1 - i) * (w / (MAX_SAMPLES - 1));
      const y = ph - 4 - (p[s.key] / top) * (ph - 20);
      if (i === 0) {
        ctx.moveTo(x, y);
      } else {
        ctx.lineTo(x, y);
      }
    });
    ctx.stroke();
    ctx.fillStyle = s.color;
    ctx.fillText(`max ${s.label(top)}`, 6 + k * 130, 12);
  });
}

async function main() {
  $('echo-url').textContent = echoURL();
  try {
    wasmws = await load();
  } catch (err) {
    log('error', String(err.message ?? err));
    return;
  }
  $('version').textContent = `v${wasmws.version}`;
  $('connect').onclick = guard(connect);
  $('disconnect').onclick = guard(() => sock?.close(1000, 'bye'));
  $('send-text').onclick = guard(() => send($('text').value));
  $('text').onkeydown = (ev) => {
    if (ev.key === 'Enter') {
      guard(() => send($('text').value))();
    }
  };
  $('send-binary').onclick = guard(() => send(crypto.getRandomValues(new Uint8Array(Math.min(+$('binary-size').value, 65536)))));
  $('file').onchange = guard(() => {
    const f = $('file').files[0];
    if (f) {
      send(f);
    }
  });
  $('flood').onclick = () => flood().catch((err) => log('error', `flood: ${err.name}: ${err.message}`));
  $('fault-drop').onclick = guard(() => reconnectWith('drop=1', () => send('probe: the server echoes this, then cuts the connection')));
  $('fault-pause').onclick = guard(() => {
    pauseKey = Math.random().toString(36).slice(2);
    $('fault-resume').disabled = false;
    reconnectWith(`pause=${pauseKey}`, () => log('info', 'the server reads nothing now: flood to watch bufferedAmount grow'));
  });
  $('fault-resume').onclick = guard(() => {
    const r = new wasmws.WebSocket(echoURL(`resume=${pauseKey}`));
    r.onopen = () => r.close();
    $('fault-resume').disabled = true;
    log('fault', 'fault: resume sent');
  });
  $('fault-close').onclick = guard(() => {
    const q = new URLSearchParams({ close: $('close-code').value, reason: $('close-reason').value });
    reconnectWith(q.toString(), null);
  });
  $('close-client').onclick = guard(() => sock?.close(+$('close-code').value, $('close-reason').value));
  $('clear-log').onclick = () => { $('log').textContent = ''; };
  setInterval(sample, 1000 / SAMPLES_PER_SECOND);
  log('info', `wasmws ${wasmws.version} loaded`);
  document.body.dataset.ready = 'true';
}

main();
