// @ts-check
/**
 * The signaling client: one WebSocket to `/ws`, the `hello`/`welcome` handshake, heartbeats,
 * reconnection with session resume, and one DOM event per server message (docs/protocol.md). It
 * knows nothing of rooms, calls or views.
 *
 * Events (all `CustomEvent`s):
 * - one per server message type (`joined`, `call-state`, `signal`, …), `detail` = the message;
 * - `error`, `detail` = `{code, message?, ref?}` — a protocol error from the server, or the
 *   client's own `server-unreachable` when the socket could not be opened or closed before
 *   `welcome`, or `heartbeat-timeout` when the server went silent (and we do not reconnect);
 * - `reconnecting`, `detail` = `{attempt, delayMs}` — once `resumable`, a lost socket is replaced
 *   with back-off; fired when the loss is noticed (attempt 0) and before each later attempt;
 * - `session-lost`, `detail` = the new `welcome` — reconnected, but the server no longer kept our
 *   place (window over, or a restarted server): the app must `join` again, under the new peer id;
 * - `close`, `detail` = `{code, reason, welcomed}` — fired exactly once, always after any `error`,
 *   when the client stops for good (closed on purpose, refused by the server, or never welcomed).
 *
 * Resume order (protocol.md, "Reconnecting"): on a new socket, `hello`, then `resume` with the
 * first welcome's peer id and token; the server replays what we missed (dispatched as usual) and
 * answers `joined` with our old id. Messages the app sends meanwhile are queued and sent after
 * that `joined`, in order.
 */

import { retryDelay } from './backoff.js';
import { CLOSE_CODES, PROTOCOL_VERSION, SERVER_TYPES } from './protocol-tables.js';

/**
 * @typedef {{urls: string | string[], username?: string, credential?: string}} IceServer
 * @typedef {{type: 'welcome', version: number, peer: string, iceServers: IceServer[],
 *   pingIntervalMs: number, maxMessageBytes: number, roomCapacity: number, maxFileBytes: number,
 *   resumeToken?: string, resumeWindowMs?: number}} Welcome
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

/** Messages the app may send while the socket is being replaced; beyond this they are dropped. */
const PENDING_LIMIT = 256;
/** Close codes after which reconnecting is pointless: we left, or the server refused what we sent. */
const FINAL_CLOSES = new Set([
  CLOSE_CODES.NORMAL, CLOSE_CODES.PROTOCOL_ERROR, CLOSE_CODES.INVALID_DATA, CLOSE_CODES.POLICY_VIOLATION,
  CLOSE_CODES.MESSAGE_TOO_BIG, CLOSE_CODES.INTERNAL_ERROR,
]);

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
    /** The welcome of our session: peer id and resume token (replaced only when the session is lost). @type {Welcome | null} */
    this.welcome = null;
    /** Set once a protocol error arrived, so the view can keep that message over "connection lost". */
    this.sawError = false;
    this.closed = false;
    /** Set by the app once it is inside a room: a lost socket is then replaced and the place resumed. */
    this.resumable = false;
    /** True from a lost socket until the place is resumed (or found lost) on a new one. */
    this.reconnecting = false;
    this.attempt = 0;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.retryTimer = undefined;
    /** Frames the app sent while reconnecting, sent once the place is resumed. @type {string[]} */
    this.pending = [];
    /** @type {ReturnType<typeof setInterval> | undefined} */
    this.pingTimer = undefined;
    this.lastInbound = 0;
    /** The network is back: retry at once instead of waiting out the back-off. */
    this.onOnline = () => {
      if (this.reconnecting && this.retryTimer !== undefined) this.#retry();
    };
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
      this.#open(resolve, reject);
    });
  }

  /**
   * Sends one message. While the socket is being replaced, messages are queued and sent after
   * the resume (chat excepted: its sender is told it was not sent). Returns false when the
   * message was dropped.
   * @param {string} type
   * @param {Record<string, unknown>} [fields]
   */
  send(type, fields = {}) {
    const frame = JSON.stringify({ ...fields, type });
    if (this.reconnecting) {
      if (this.closed || type === 'chat' || this.pending.length >= PENDING_LIMIT) return false;
      this.pending.push(frame);
      return true;
    }
    return this.#sendFrame(frame);
  }

  /** Closes the socket on purpose (leaving the room or the page). Fires `close` once. */
  close() {
    const ws = this.ws;
    this.resumable = false;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(CLOSE_CODES.NORMAL);
    this.#finish(CLOSE_CODES.NORMAL, 'client-closed');
  }

  /**
   * One socket: the first (from connect) or a replacement (reconnecting).
   * @param {(w: Welcome) => void} [resolve] @param {(e: ProtocolError) => void} [reject]
   */
  #open(resolve, reject) {
    /** @type {WebSocket} */
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch (err) {
      if (this.reconnecting) return this.#lost();
      this.#fail({ code: 'server-unreachable', message: String(err) });
      this.#finish(1006, 'server-unreachable');
      reject?.({ code: 'server-unreachable' });
      return;
    }
    this.ws = ws;
    /** The replacement socket's own welcome (a new session, ours only if the resume fails). @type {Welcome | null} */
    let fresh = null;
    const current = () => this.ws === ws && !this.closed;
    ws.addEventListener('open', () => current() && this.#sendFrame(JSON.stringify({ type: 'hello', version: PROTOCOL_VERSION })));
    ws.addEventListener('message', (ev) => {
      if (!current()) return; // nothing is reported after `close`, or from a socket we gave up on
      const msg = this.#parse(ev.data);
      if (!msg) return;
      if (msg.type === 'welcome') {
        this.#startHeartbeat(msg.pingIntervalMs);
        if (!this.reconnecting) {
          this.welcome = /** @type {Welcome} */ (msg);
          resolve?.(this.welcome);
          this.#dispatch(msg);
          return;
        }
        fresh = /** @type {Welcome} */ (msg);
        this.#sendFrame(JSON.stringify({ type: 'resume', peer: this.welcome?.peer, token: this.welcome?.resumeToken ?? '' }));
        return;
      }
      if (this.reconnecting && fresh) {
        if (msg.type === 'error' && msg.code === 'resume-failed') {
          // Our place is gone: the new socket's session becomes ours, and the app joins again.
          this.welcome = fresh;
          this.#recovered(false);
          this.#emit('session-lost', fresh);
          return;
        }
        if (msg.type === 'joined' && msg.peer === this.welcome?.peer) {
          this.#dispatch(msg);
          this.#recovered(true);
          return;
        }
      }
      if (msg.type === 'error' && !this.welcome) reject?.(msg);
      this.#dispatch(msg);
    });
    ws.addEventListener('close', (ev) => {
      if (!current()) return;
      if (!this.welcome) {
        // Never welcomed: from the user's point of view the server is not there (or refused us).
        const code = this.sawError ? 'closed' : 'server-unreachable';
        if (code === 'server-unreachable') this.#fail({ code, message: `closed ${ev.code}` });
        reject?.({ code });
        this.#finish(ev.code, ev.reason);
      } else if (this.resumable && !FINAL_CLOSES.has(ev.code)) {
        this.#lost();
      } else {
        this.#finish(ev.code, ev.reason);
      }
    });
    // A failed connection fires `error` and then `close`; `close` does the reporting.
    ws.addEventListener('error', () => {});
  }

  /** The socket is gone but we may come back: schedule the next attempt. */
  #lost() {
    clearInterval(this.pingTimer);
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(); // a stalled socket we gave up on
    if (!this.reconnecting) {
      this.reconnecting = true;
      this.attempt = 0;
      globalThis.addEventListener?.('online', this.onOnline);
    }
    const delayMs = retryDelay(this.attempt);
    this.#emit('reconnecting', { attempt: this.attempt, delayMs });
    this.attempt += 1;
    this.retryTimer = setTimeout(() => this.#retry(), delayMs);
  }

  #retry() {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (!this.closed) this.#open();
  }

  /** The new socket is ready for the app: resumed (send what was queued) or not (drop it). @param {boolean} resumed */
  #recovered(resumed) {
    this.reconnecting = false;
    this.attempt = 0;
    globalThis.removeEventListener?.('online', this.onOnline);
    const queued = this.pending.splice(0);
    if (resumed) for (const frame of queued) this.#sendFrame(frame);
  }

  /** @param {string} frame */
  #sendFrame(frame) {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(frame);
    return true;
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
    if (msg.type === 'ping') this.#sendFrame('{"type":"pong"}');
    if (msg.type === 'error') this.sawError = true;
    if (!SERVER_TYPES.includes(msg.type)) return; // unknown types are ignored (forward compatible)
    this.dispatchEvent(new CustomEvent(msg.type, { detail: msg }));
  }

  /** @param {number | undefined} intervalMs */
  #startHeartbeat(intervalMs) {
    const every = intervalMs && intervalMs > 0 ? intervalMs : DEFAULT_PING_MS;
    clearInterval(this.pingTimer);
    this.lastInbound = Date.now();
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastInbound > every * SILENCE_FACTOR) {
        if (this.resumable) return this.#lost(); // a dead path: try a new socket
        this.#fail({ code: 'heartbeat-timeout' });
        this.ws?.close(CLOSE_CODES.HEARTBEAT_TIMEOUT, 'heartbeat-timeout');
        this.#finish(CLOSE_CODES.HEARTBEAT_TIMEOUT, 'heartbeat-timeout');
        return;
      }
      this.#sendFrame('{"type":"ping"}');
    }, every);
  }

  /** @param {ProtocolError} error */
  #fail(error) {
    if (this.closed) return;
    this.sawError = true;
    this.#emit('error', error);
  }

  /**
   * The single exit point: after it, no event but this `close`, no socket, no retry.
   * @param {number} code
   * @param {string} reason
   */
  #finish(code, reason) {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pingTimer);
    clearTimeout(this.retryTimer);
    globalThis.removeEventListener?.('online', this.onOnline);
    this.reconnecting = false;
    this.pending = [];
    /** @type {CloseInfo} */
    const info = { code, reason, welcomed: this.welcome !== null };
    this.#emit('close', info);
  }

  /** @param {string} name @param {unknown} detail */
  #emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }
}
