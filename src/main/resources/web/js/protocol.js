// @ts-check
/**
 * The signaling client: one WebSocket to `/ws`, the `hello`/`welcome` handshake, heartbeats and
 * one DOM event per server message (docs/protocol.md). It knows nothing of rooms, calls or views.
 *
 * Events (all `CustomEvent`s):
 * - one per server message type (`joined`, `call-state`, `signal`, …), `detail` = the message;
 * - `error`, `detail` = `{code, message?, ref?}` — a protocol error from the server, or the
 *   client's own `server-unreachable` when the socket could not be opened or closed before
 *   `welcome`, or `heartbeat-timeout` when the server went silent;
 * - `close`, `detail` = `{code, reason, welcomed}` — fired exactly once, always after any `error`.
 */

import { CLOSE_CODES, PROTOCOL_VERSION, SERVER_TYPES } from './protocol-tables.js';

/**
 * @typedef {{urls: string | string[], username?: string, credential?: string}} IceServer
 * @typedef {{type: 'welcome', version: number, peer: string, iceServers: IceServer[],
 *   pingIntervalMs: number, maxMessageBytes: number, roomCapacity: number, maxFileBytes: number}} Welcome
 * @typedef {{code: string, message?: string, ref?: string}} ProtocolError
 * @typedef {{code: number, reason: string, welcomed: boolean}} CloseInfo
 */

/** The server pings every 20 s by default; we mirror that so a dead server is noticed too. */
const DEFAULT_PING_MS = 20_000;
/**
 * Silence (no frame at all) after which the server is presumed gone. The server pings every
 * `pingIntervalMs`, so 2.25 intervals (45 s by default, the server's own timeout) means at least
 * two pings were missed.
 */
const SILENCE_FACTOR = 2.25;

/** The default socket address: same host and port as the page. */
export function defaultUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

export class SignalingClient extends EventTarget {
  /** @param {{url?: string}} [options] */
  constructor(options = {}) {
    super();
    this.url = options.url ?? defaultUrl();
    /** @type {WebSocket | null} */
    this.ws = null;
    /** @type {Welcome | null} */
    this.welcome = null;
    /** Set once a protocol error arrived, so the view can keep that message over "connection lost". */
    this.sawError = false;
    this.closed = false;
    /** @type {ReturnType<typeof setInterval> | undefined} */
    this.pingTimer = undefined;
    this.lastInbound = 0;
  }

  /** Our peer id once welcomed. */
  get peerId() {
    return this.welcome?.peer ?? null;
  }

  /**
   * Opens the socket and performs the handshake.
   * @returns {Promise<Welcome>} resolves on `welcome`; rejects with a ProtocolError otherwise.
   */
  connect() {
    return new Promise((resolve, reject) => {
      /** @type {WebSocket} */
      let ws;
      try {
        ws = new WebSocket(this.url);
      } catch (err) {
        this.#fail({ code: 'server-unreachable', message: String(err) });
        this.#finish(1006, 'server-unreachable');
        reject({ code: 'server-unreachable' });
        return;
      }
      this.ws = ws;
      ws.addEventListener('open', () => this.send('hello', { version: PROTOCOL_VERSION }));
      ws.addEventListener('message', (ev) => {
        const msg = this.#parse(ev.data);
        if (!msg || this.closed) return; // nothing is reported after `close`
        if (msg.type === 'welcome') {
          this.welcome = /** @type {Welcome} */ (msg);
          this.#startHeartbeat(this.welcome.pingIntervalMs);
          resolve(this.welcome);
        } else if (msg.type === 'error' && !this.welcome) {
          reject(msg);
        }
        this.#dispatch(msg);
      });
      ws.addEventListener('close', (ev) => {
        if (!this.welcome) {
          // Never welcomed: from the user's point of view the server is not there (or refused us).
          const code = this.sawError ? 'closed' : 'server-unreachable';
          if (code === 'server-unreachable') this.#fail({ code, message: `closed ${ev.code}` });
          reject({ code });
        }
        this.#finish(ev.code, ev.reason);
      });
      // A failed connection fires `error` and then `close`; `close` does the reporting.
      ws.addEventListener('error', () => {});
    });
  }

  /**
   * Sends one message. Returns false when the socket is not open (the message is dropped:
   * signaling state is re-sent as a whole on every change, so nothing needs queueing here).
   * @param {string} type
   * @param {Record<string, unknown>} [fields]
   */
  send(type, fields = {}) {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify({ ...fields, type }));
    return true;
  }

  /** Closes the socket on purpose (leaving the room or the page). Fires `close` once. */
  close() {
    const ws = this.ws;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(CLOSE_CODES.NORMAL);
    this.#finish(CLOSE_CODES.NORMAL, 'client-closed');
  }

  /** @param {unknown} data */
  #parse(data) {
    this.lastInbound = Date.now();
    if (typeof data !== 'string') return null;
    try {
      const msg = JSON.parse(data);
      return msg && typeof msg === 'object' && typeof msg.type === 'string' ? msg : null;
    } catch {
      return null;
    }
  }

  /** @param {{type: string} & Record<string, any>} msg */
  #dispatch(msg) {
    if (msg.type === 'ping') this.send('pong');
    if (msg.type === 'error') this.sawError = true;
    if (!SERVER_TYPES.includes(msg.type)) return; // unknown types are ignored (forward compatible)
    this.dispatchEvent(new CustomEvent(msg.type, { detail: msg }));
  }

  /** @param {number | undefined} intervalMs */
  #startHeartbeat(intervalMs) {
    const every = intervalMs && intervalMs > 0 ? intervalMs : DEFAULT_PING_MS;
    this.lastInbound = Date.now();
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastInbound > every * SILENCE_FACTOR) {
        this.#fail({ code: 'heartbeat-timeout' });
        this.ws?.close(CLOSE_CODES.HEARTBEAT_TIMEOUT, 'heartbeat-timeout');
        this.#finish(CLOSE_CODES.HEARTBEAT_TIMEOUT, 'heartbeat-timeout');
        return;
      }
      this.send('ping');
    }, every);
  }

  /** @param {ProtocolError} error */
  #fail(error) {
    if (this.closed) return;
    this.sawError = true;
    this.#emit('error', error);
  }

  /**
   * The single exit point. Reconnect/resume (a later stage) belongs here: instead of reporting
   * `close` for an unexpected drop after `welcome`, schedule a new socket and resume the session.
   * @param {number} code
   * @param {string} reason
   */
  #finish(code, reason) {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pingTimer);
    /** @type {CloseInfo} */
    const info = { code, reason, welcomed: this.welcome !== null };
    this.#emit('close', info);
  }

  /** @param {string} name @param {unknown} detail */
  #emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }
}
