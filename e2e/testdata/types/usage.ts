// usage.ts uses every declaration of web/wasmws.d.ts; types_test.go checks it
// with tsc --noEmit. It is never run.
import { load, type Wasmws, type ReconnectingWebSocketOptions, type ReconnectingDetail, type GiveUpDetail, type ReconnectingCloseEvent,
  type ResumedDetail, type NotResumedDetail, type ReconnectingMode } from './wasmws.js';

async function main(): Promise<void> {
  const wasmws: Wasmws = await load({ wasmURL: '/wasmws.wasm' });
  const again: Wasmws = await load();
  const v: string = wasmws.version + again.version + (globalThis.wasmws?.version ?? '');

  const ws = new wasmws.WebSocket('ws://localhost:9998/echo', ['chat'], { highWaterMark: 1 << 20 });
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => ws.send('hello ' + v);
  ws.onmessage = (ev: MessageEvent) => console.log(ev.data);
  ws.onclose = (ev: CloseEvent) => console.log(ev.code, ev.reason, ev.wasClean);
  ws.addEventListener('bufferedamountlow', () => console.log(ws.bufferedAmount, ws.lowWaterMark, ws.highWaterMark));
  ws.send(new Uint8Array(4));
  ws.send(new ArrayBuffer(4));
  ws.send(new DataView(new ArrayBuffer(2)));
  ws.send(new Blob(['x']));
  await ws.sendAsync('more');
  const states: number[] = [ws.readyState, ws.CONNECTING, wasmws.WebSocket.OPEN, ws.CLOSING, ws.CLOSED];
  ws.close(1000, 'bye');
  ws.close();

  const options: ReconnectingWebSocketOptions = {
    minReconnectionDelay: 100,
    maxReconnectionDelay: 5000,
    reconnectionDelayGrowFactor: 1.5,
    jitter: 0.5,
    minUptime: 2000,
    connectionTimeout: 4000,
    maxRetries: 10,
    maxEnqueuedMessages: 100,
    maxEnqueuedBytes: 1 << 20,
    startClosed: true,
    heartbeatInterval: 15000,
    heartbeatTimeout: 30000,
    heartbeatMessage: 'ping',
    shouldReconnect: (c) => c.code !== 4000 && c.wasClean && c.reason !== '',
    highWaterMark: 1 << 16,
    lowWaterMark: 1 << 14,
    debug: true,
    resume: true,
    resumeWindow: 1 << 20,
  };
  const rws = new wasmws.ReconnectingWebSocket(async () => 'ws://localhost:9998/echo', 'chat', options);
  const rws2 = new wasmws.ReconnectingWebSocket(() => new URL('ws://localhost:9998/echo'));
  const rws3 = new wasmws.ReconnectingWebSocket('ws://localhost:9998/echo');
  rws.addEventListener('reconnecting', (ev) => {
    const d: ReconnectingDetail = ev.detail;
    console.log(d.attempt, d.delay, d.reason, d.url, rws.retryCount, rws.state);
  });
  rws.onreconnecting = (ev) => console.log(ev.detail.attempt);
  rws.addEventListener('giveup', (ev) => {
    const g: GiveUpDetail = ev.detail;
    console.log(g.attempts, g.reason, g.url);
  });
  rws.ongiveup = (ev) => console.log(ev.detail.url);
  rws.onclose = (ev: ReconnectingCloseEvent) => console.log(ev.code, ev.url);
  rws.addEventListener('resumed', (ev) => {
    const r: ResumedDetail = ev.detail;
    console.log(r.epoch, r.retransmitted);
  });
  rws.onresumed = (ev) => console.log(ev.detail.epoch);
  rws.addEventListener('notresumed', (ev) => {
    const n: NotResumedDetail = ev.detail;
    console.log(n.epoch, n.missed, n.resent, n.maybeLost);
  });
  rws.onnotresumed = (ev) => console.log(ev.detail.missed);
  const mode: ReconnectingMode = rws.mode;
  console.log(mode === 'resume' || mode === 'plain' || mode === '');
  rws.onmessage = (ev) => console.log(ev.data);
  rws.send('queued');
  await rws.sendAsync(new Uint8Array(8));
  rws.reconnect();
  const s = rws.stats;
  console.log(s.retryCount + s.attempts + s.reconnects + s.queuedMessages + s.queuedBytes + s.sent + s.replayed + s.maybeLost + s.downtime, states);
  console.log(s.copied + s.resumed + s.notResumed + s.retransmitted + s.acked + s.unacked + s.missed);
  rws.close(4000, 'done');
  rws2.close();
  rws3.close();
}

void main();
