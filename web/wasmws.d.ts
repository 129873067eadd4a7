// Type declarations for wasmws.js: drop-in WebSocket and ReconnectingWebSocket
// classes run by the Go engine in wasmws.wasm.

/** Data send() and sendAsync() take, as the browser's WebSocket.send does. */
export type WasmwsData = string | ArrayBufferLike | ArrayBufferView | Blob;

/** Options of load(). */
export interface LoadOptions {
  /** Where wasmws.wasm is. Defaults to next to wasmws.js; relative URLs resolve against the page. */
  wasmURL?: string | URL;
}

/** Event map of WasmwsWebSocket. */
export interface WasmwsWebSocketEventMap {
  open: Event;
  message: MessageEvent;
  error: Event;
  close: CloseEvent;
  /** bufferedAmount, having risen above highWaterMark, fell to lowWaterMark. */
  bufferedamountlow: Event;
}

/** Options of WasmwsWebSocket, an addition to the standard constructor. */
export interface WebSocketOptions {
  /**
   * Above this bufferedAmount, in bytes, sendAsync() waits. Default 1 MiB (1048576).
   * A message larger than it is buffered alone: when sending messages of about
   * 1 MiB or more, set it to a few of them.
   */
  highWaterMark?: number;
  /** The bufferedAmount, in bytes, that ends the wait. Default highWaterMark / 4. */
  lowWaterMark?: number;
}

/**
 * wasmws.WebSocket: the browser's WebSocket, with its standard surface and
 * behaviour, run by the Go SDK, plus send-side backpressure.
 */
export interface WasmwsWebSocket extends EventTarget {
  readonly url: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  readonly protocol: string;
  readonly extensions: string;
  binaryType: BinaryType;
  /** Above this bufferedAmount, in bytes, sendAsync() waits (for lowWaterMark). */
  readonly highWaterMark: number;
  /** The bufferedAmount, in bytes, that ends sendAsync's wait and fires bufferedamountlow. */
  readonly lowWaterMark: number;
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSING: 2;
  readonly CLOSED: 3;
  onopen: ((this: WasmwsWebSocket, ev: Event) => any) | null;
  onmessage: ((this: WasmwsWebSocket, ev: MessageEvent) => any) | null;
  onerror: ((this: WasmwsWebSocket, ev: Event) => any) | null;
  onclose: ((this: WasmwsWebSocket, ev: CloseEvent) => any) | null;
  onbufferedamountlow: ((this: WasmwsWebSocket, ev: Event) => any) | null;
  /** Sends a message; throws InvalidStateError while CONNECTING. */
  send(data: WasmwsData): void;
  /**
   * Sends a message as send() does, and resolves once it is sent and, if
   * bufferedAmount then rose above highWaterMark, once it fell to
   * lowWaterMark. Rejects with InvalidStateError unless OPEN, or if the socket
   * closes before bufferedAmount falls.
   */
  sendAsync(data: WasmwsData): Promise<void>;
  /** Starts the closing handshake: code 1000 or 3000-4999; reason at most 123 bytes of UTF-8. */
  close(code?: number, reason?: string): void;
  addEventListener<K extends keyof WasmwsWebSocketEventMap>(type: K, listener: (this: WasmwsWebSocket, ev: WasmwsWebSocketEventMap[K]) => any, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof WasmwsWebSocketEventMap>(type: K, listener: (this: WasmwsWebSocket, ev: WasmwsWebSocketEventMap[K]) => any, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/** The constructor of wasmws.WebSocket. */
export interface WasmwsWebSocketConstructor {
  new (url: string | URL, protocols?: string | string[], options?: WebSocketOptions): WasmwsWebSocket;
  readonly prototype: WasmwsWebSocket;
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSING: 2;
  readonly CLOSED: 3;
}

/** detail of the reconnecting event. */
export interface ReconnectingDetail {
  /** The number of the attempt that comes next (1 after a success). */
  attempt: number;
  /** Milliseconds until it starts. */
  delay: number;
  /** Why the connection ended or the attempt failed. */
  reason: string;
  /**
   * The absolute URL of the connection that ended or of the attempt that
   * failed ('' when the url function failed): a relative URL that resolves
   * to the wrong server shows here.
   */
  url: string;
}

/** detail of the giveup event. */
export interface GiveUpDetail {
  /** The number of the last attempt: maxRetries + 1. */
  attempts: number;
  /** Why the last attempt failed. */
  reason: string;
  /** The absolute URL of the last attempt ('' when the url function failed). */
  url: string;
}

/** detail of the resumed event. */
export interface ResumedDetail {
  /** The session's connection count, from 1 (so at least 2 here). */
  epoch: number;
  /** Messages the server had not acknowledged, sent again on this connection (it drops those it had). */
  retransmitted: number;
}

/** detail of the notresumed event: what losing the session cost, exactly. */
export interface NotResumedDetail {
  /** The connection count of the new session: 1, or more if its first connections were cut before they opened. */
  epoch: number;
  /** The server's messages of the old session that will never arrive; -1 when the server no longer knew. */
  missed: number;
  /** Unacknowledged messages the old session provably never took (the server said so, or they were never written): sent first on the new one. */
  resent: number;
  /** Unacknowledged messages written that the old session may or may not have taken (the server no longer knew; missed is then -1): not sent again. */
  maybeLost: number;
}

/** The close event of ReconnectingWebSocket: a CloseEvent with the URL of the socket that closed. */
export interface ReconnectingCloseEvent extends CloseEvent {
  /** The absolute URL of the connection that closed or of the attempt that failed ('' when none was made). */
  readonly url: string;
}

/** Event map of ReconnectingWebSocket. */
export interface ReconnectingWebSocketEventMap extends Omit<WasmwsWebSocketEventMap, 'close'> {
  close: ReconnectingCloseEvent;
  /** A connection ended or an attempt failed, and another attempt follows. */
  reconnecting: CustomEvent<ReconnectingDetail>;
  /**
   * maxRetries retries failed: the ReconnectingWebSocket gives up and is
   * CLOSED (the close event follows) until reconnect().
   */
  giveup: CustomEvent<GiveUpDetail>;
  /** Resume mode: this connection resumed the session of the last one (after the open event). */
  resumed: CustomEvent<ResumedDetail>;
  /**
   * Resume mode: the server no longer had the session (expired, restarted,
   * the token refused, by its answer or by closing the attempt before with
   * 4401, which is retried at once); a new one started (after the open
   * event). Never a silent gap: the detail counts what was lost.
   */
  notresumed: CustomEvent<NotResumedDetail>;
}

/** Close values passed to the shouldReconnect option. */
export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
}

/** Options of ReconnectingWebSocket. Durations are in milliseconds. */
export interface ReconnectingWebSocketOptions extends WebSocketOptions {
  /** Shortest wait before a new attempt. Default 500; 0: at once. */
  minReconnectionDelay?: number;
  /** Longest wait before a new attempt. Default 30000. */
  maxReconnectionDelay?: number;
  /** Growth of the wait from one failed attempt to the next, at least 1. Default 2. */
  reconnectionDelayGrowFactor?: number;
  /** Share (0 to 1) of each wait that is random. Default 1 (full jitter); 0: none. */
  jitter?: number;
  /** A connection open this long resets retryCount. Default 5000. */
  minUptime?: number;
  /** Bound of each attempt, url function included. Default 10000. */
  connectionTimeout?: number;
  /** Retries after a failed attempt before giving up (then CLOSED). Default Infinity. */
  maxRetries?: number;
  /** Messages the outbox holds while not open. Default 1024. */
  maxEnqueuedMessages?: number;
  /** Bytes the outbox holds while not open. Default 8388608 (8 MiB). */
  maxEnqueuedBytes?: number;
  /** Start CLOSED: connect on reconnect(). Default false. */
  startClosed?: boolean;
  /** How often a heartbeat message is sent (the server must echo it). Default 0: none. */
  heartbeatInterval?: number;
  /** No message in this long: reconnect. Default 2 × heartbeatInterval. */
  heartbeatTimeout?: number;
  /** The heartbeat message; its echoes are not delivered. Default "__wasmws_ping__". */
  heartbeatMessage?: string | ArrayBufferLike | ArrayBufferView;
  /** Whether to reconnect after a connection closed. Default: not after 1000 from the server, nor 1002, 1003, 1007-1010. */
  shouldReconnect?: (close: CloseInfo) => boolean;
  /** Log state changes with console.debug. Default false. */
  debug?: boolean;
  /**
   * Offer resume mode (the subprotocol wasmws.resume.v1, before the
   * application's, which are then negotiated inside it): on a server that
   * selects it, every message is delivered exactly once, in order, across
   * reconnections, and send-side backpressure holds on every engine. A
   * server that does not select it gives a plain connection (see mode).
   * Default false.
   */
  resume?: boolean;
  /**
   * Resume mode: bytes of received messages the server may send ahead of
   * their dispatch, and bytes sent and not yet acknowledged before sending
   * waits (the outbox then fills). Default 0: 4194304 (4 MiB).
   */
  resumeWindow?: number;
}

/** Counters of a ReconnectingWebSocket. */
export interface ReconnectingStats {
  retryCount: number;
  attempts: number;
  reconnects: number;
  queuedMessages: number;
  queuedBytes: number;
  sent: number;
  replayed: number;
  maybeLost: number;
  /** Milliseconds not open since the first open. */
  downtime: number;
  /**
   * Messages dispatched from a copy the engine made rather than from the
   * payload kept in JavaScript: 0 unless a message went the slow way (every
   * message of a resume-mode connection does).
   */
  copied: number;
  /** Resume mode: connections that opened resuming the session (resumed events; a resume cut before its open counts nothing). */
  resumed: number;
  /** Resume mode: connections that opened finding the session gone (notresumed events). */
  notResumed: number;
  /** Resume mode: messages sent again after a resume. */
  retransmitted: number;
  /** Resume mode: messages the server acknowledged. */
  acked: number;
  /** Resume mode: messages sent and not yet acknowledged, now. */
  unacked: number;
  /** Resume mode: the server's messages that will never arrive (sum of notresumed's missed). */
  missed: number;
}

/** The mode of a ReconnectingWebSocket's latest connection: '' before any opened. */
export type ReconnectingMode = '' | 'plain' | 'resume';

/** The states of a ReconnectingWebSocket. */
export type ReconnectingState = 'connecting' | 'open' | 'waiting' | 'closing' | 'closed';

/**
 * wasmws.ReconnectingWebSocket: the WebSocket surface plus reconnection,
 * a bounded outbox, safe replay and heartbeats, on the Go reconnect engine.
 */
export interface ReconnectingWebSocket extends Omit<WasmwsWebSocket, 'addEventListener' | 'removeEventListener' | 'onopen' | 'onmessage' | 'onerror' | 'onclose' | 'onbufferedamountlow'> {
  /** CONNECTING (also while waiting to reconnect), OPEN, CLOSING or CLOSED. */
  readonly readyState: number;
  /** Bytes queued in the outbox and not yet sent by the socket. */
  readonly bufferedAmount: number;
  /** Consecutive failed attempts. */
  readonly retryCount: number;
  readonly state: ReconnectingState;
  readonly stats: ReconnectingStats;
  /** How the latest connection that opened carries messages (resume option). */
  readonly mode: ReconnectingMode;
  onopen: ((this: ReconnectingWebSocket, ev: Event) => any) | null;
  onmessage: ((this: ReconnectingWebSocket, ev: MessageEvent) => any) | null;
  onerror: ((this: ReconnectingWebSocket, ev: Event) => any) | null;
  onclose: ((this: ReconnectingWebSocket, ev: ReconnectingCloseEvent) => any) | null;
  onbufferedamountlow: ((this: ReconnectingWebSocket, ev: Event) => any) | null;
  onreconnecting: ((this: ReconnectingWebSocket, ev: CustomEvent<ReconnectingDetail>) => any) | null;
  ongiveup: ((this: ReconnectingWebSocket, ev: CustomEvent<GiveUpDetail>) => any) | null;
  onresumed: ((this: ReconnectingWebSocket, ev: CustomEvent<ResumedDetail>) => any) | null;
  onnotresumed: ((this: ReconnectingWebSocket, ev: CustomEvent<NotResumedDetail>) => any) | null;
  /** Queues a message; throws QuotaExceededError when the outbox is full. */
  send(data: WasmwsData): void;
  /** Queues a message, waiting for room; resolves as WasmwsWebSocket.sendAsync does. */
  sendAsync(data: WasmwsData): Promise<void>;
  /** Closes for good (until reconnect()), after flushing the outbox into an open connection. */
  close(code?: number, reason?: string): void;
  /** Drops the connection and reconnects now; after close() or startClosed, starts again. */
  reconnect(): void;
  addEventListener<K extends keyof ReconnectingWebSocketEventMap>(type: K, listener: (this: ReconnectingWebSocket, ev: ReconnectingWebSocketEventMap[K]) => any, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof ReconnectingWebSocketEventMap>(type: K, listener: (this: ReconnectingWebSocket, ev: ReconnectingWebSocketEventMap[K]) => any, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/** The constructor of wasmws.ReconnectingWebSocket. */
export interface ReconnectingWebSocketConstructor {
  new (
    url: string | URL | (() => string | URL | Promise<string | URL>),
    protocols?: string | string[],
    options?: ReconnectingWebSocketOptions,
  ): ReconnectingWebSocket;
  readonly prototype: ReconnectingWebSocket;
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSING: 2;
  readonly CLOSED: 3;
}

/** What load() resolves to, and globalThis.wasmws. */
export interface Wasmws {
  readonly WebSocket: WasmwsWebSocketConstructor;
  readonly ReconnectingWebSocket: ReconnectingWebSocketConstructor;
  /** The version of the Go engine. */
  readonly version: string;
}

/** Loads and starts the Go engine once; later calls return the same namespace. */
export function load(options?: LoadOptions): Promise<Wasmws>;

declare global {
  /** Set by load(). */
  var wasmws: Wasmws | undefined;
}
