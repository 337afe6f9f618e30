// @ts-check
/**
 * The connectivity probes of the `/check` page, each a small experiment in this browser
 * against this server. They know nothing of the DOM or of languages: each resolves (never
 * rejects) to a {@link Result} whose `detail` is a string key plus parameters for i18n.js.
 *
 * - camera, microphone: getUserMedia for one kind, then device counts and track settings;
 * - STUN: one RTCPeerConnection with only the server's `stun:` URL gathers a server-reflexive
 *   candidate (see {@link checkStun} for a browser on the server's own network);
 * - TURN over UDP, TCP, TLS: two RTCPeerConnections in this page, each allowed relay candidates
 *   only and given one `turn:`/`turns:` URL, connect through the relay and pass a data-channel
 *   message there and back — an allocation alone would not prove that relayed data flows;
 * - signaling: a WebSocket to `/ws`, `hello`/`welcome`, then `ping`→`pong` timed.
 */

import { mediaAvailable, mediaErrorCode } from './media.js';
import { defaultUrl } from './protocol.js';
import { PROTOCOL_VERSION } from './protocol-tables.js';

/**
 * @typedef {'ok' | 'failed' | 'skipped'} Status
 * @typedef {{status: Status, detail: string, params?: Record<string, string | number>}} Result
 * @typedef {{urls: string | string[], username?: string, credential?: string}} IceServer
 * @typedef {'udp' | 'tcp' | 'tls'} RelayKind
 */

/** Gathering through a STUN server that answers takes milliseconds; a lost request is retried for seconds. */
const STUN_TIMEOUT_MS = 10_000;
/** An allocation, the ICE checks through the relay and one message there and back. */
const TURN_TIMEOUT_MS = 15_000;
/** Opening the socket, the handshake and one ping. */
const SIGNALING_TIMEOUT_MS = 10_000;
/** Pings sent; the report gives the fastest, the one least disturbed by the page's own work. */
const PINGS = 3;

/** @param {Status} status @param {string} detail @param {Record<string, string | number>} [params] @returns {Result} */
const result = (status, detail, params) => ({ status, detail, params });

/** Every URL of a list of ICE servers, with the server it came from. @param {IceServer[]} servers */
function urlsOf(servers) {
  return servers.flatMap((s) => (Array.isArray(s.urls) ? s.urls : [s.urls]).map((url) => ({ url, server: s })));
}

/**
 * The transport a `turn:`/`turns:` URL uses (RFC 7065 §3: no `transport` means UDP for `turn:`
 * and TCP, under TLS, for `turns:`), or null for anything else.
 * @param {string} url @returns {RelayKind | null}
 */
export function relayKind(url) {
  const lower = url.toLowerCase();
  if (lower.startsWith('turns:')) return 'tls';
  if (!lower.startsWith('turn:')) return null;
  return /[?&]transport=tcp\b/.test(lower) ? 'tcp' : 'udp';
}

/** The first STUN URL among the servers, or null. @param {IceServer[]} servers */
export function stunUrl(servers) {
  return urlsOf(servers).find((u) => /^stuns?:/i.test(u.url))?.url ?? null;
}

/**
 * The first TURN server entry for one transport, reduced to that single URL.
 * @param {IceServer[]} servers @param {RelayKind} kind @returns {IceServer | null}
 */
export function turnServer(servers, kind) {
  const hit = urlsOf(servers).find((u) => relayKind(u.url) === kind);
  return hit ? { urls: hit.url, username: hit.server.username, credential: hit.server.credential } : null;
}

// ---- camera and microphone ----

/** @param {'video' | 'audio'} kind @returns {Promise<Result>} */
export async function checkDevice(kind) {
  if (!mediaAvailable()) return result('failed', 'insecure-context');
  /** @type {MediaStream | null} */
  let stream = null;
  try {
    stream = await navigator.mediaDevices.getUserMedia(kind === 'video' ? { video: true } : { audio: true });
  } catch (err) {
    return result('failed', mediaErrorCode(err));
  }
  try {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const count = devices.filter((d) => d.kind === (kind === 'video' ? 'videoinput' : 'audioinput')).length;
    const track = kind === 'video' ? stream.getVideoTracks()[0] : stream.getAudioTracks()[0];
    if (!track || track.readyState !== 'live') return result('failed', 'media-failed');
    const s = track.getSettings();
    if (kind === 'video') {
      return result('ok', 'check.camera-ok', { count, width: s.width ?? '?', height: s.height ?? '?' });
    }
    return result('ok', 'check.mic-ok', { count, rate: s.sampleRate ? `${s.sampleRate / 1000} kHz` : '?' });
  } finally {
    stream.getTracks().forEach((t) => t.stop());
  }
}

// ---- STUN ----

/**
 * Gathers candidates with only the server's STUN URL. A `srflx` candidate is the server's
 * answer: the address it saw this browser at. Browsers drop a reflexive candidate that equals
 * one of their host candidates (libwebrtc's UDPPort does, when host addresses are not hidden
 * behind mDNS names), which is what happens with no NAT in between, on a LAN or on the server
 * itself. So a gathering that ends with no `srflx` is still a success when the browser reported
 * no error for the STUN URL (a timeout or refusal fires `icecandidateerror`, code 701) and it has
 * a plain host address to have been seen at; it fails on any such error, or when gathering
 * does not end in time. A browser sends a Binding from each of its networks, and gathering
 * ends only when every one was answered or gave up (after tens of seconds), so a server that
 * answers over IPv4 but not over IPv6 (say, a host name with an AAAA record it does not listen
 * on) fails here too: callers' browsers would wait for it the same way.
 * @param {IceServer[]} servers @returns {Promise<Result>}
 */
export async function checkStun(servers) {
  const url = stunUrl(servers);
  if (!url) return result('failed', 'check.stun-none');
  const pc = new RTCPeerConnection({ iceServers: [{ urls: url }], iceTransportPolicy: 'all' });
  try {
    const g = await gather(pc, STUN_TIMEOUT_MS);
    const srflx = g.candidates.filter((c) => c.type === 'srflx');
    if (srflx.length > 0) {
      return result('ok', 'check.stun-ok', { family: family(srflx[0].address), ms: g.firstMs.srflx ?? g.ms });
    }
    const errors = g.errors.filter((e) => e.url === url || !e.url);
    if (errors.length > 0) return result('failed', 'check.stun-error', { error: errorLine(errors[0]) });
    if (!g.complete) return result('failed', 'check.stun-timeout', { s: STUN_TIMEOUT_MS / 1000 });
    const plainHost = g.candidates.some((c) => c.type === 'host' && c.address && !c.address.endsWith('.local'));
    return plainHost ? result('ok', 'check.stun-no-nat', { ms: g.ms }) : result('failed', 'check.stun-none-seen');
  } finally {
    pc.close();
  }
}

/** @param {string | null} address */
function family(address) {
  return address?.includes(':') ? 'IPv6' : 'IPv4';
}

/** @param {{code: number, text: string}} e */
function errorLine(e) {
  return `${e.code}${e.text ? ` ${e.text}` : ''}`;
}

/**
 * Starts gathering on a fresh connection and collects what it yields until gathering
 * completes or `timeoutMs` passes.
 * @param {RTCPeerConnection} pc @param {number} timeoutMs
 */
async function gather(pc, timeoutMs) {
  const started = performance.now();
  /** @type {{type: string | null, address: string | null}[]} */
  const candidates = [];
  /** @type {{url: string, code: number, text: string}[]} */
  const errors = [];
  /** @type {Record<string, number>} */
  const firstMs = {};
  let complete = false;
  const done = new Promise((resolve) => {
    pc.addEventListener('icecandidate', (ev) => {
      if (!ev.candidate) {
        complete = true;
        resolve(undefined);
        return;
      }
      const type = ev.candidate.type;
      candidates.push({ type, address: ev.candidate.address });
      if (type && !(type in firstMs)) firstMs[type] = Math.round(performance.now() - started);
    });
    pc.addEventListener('icecandidateerror', (ev) => {
      const e = /** @type {RTCPeerConnectionIceErrorEvent} */ (ev);
      errors.push({ url: e.url ?? '', code: e.errorCode, text: e.errorText ?? '' });
    });
  });
  pc.createDataChannel('check');
  await pc.setLocalDescription(await pc.createOffer());
  await Promise.race([done, sleep(timeoutMs)]);
  return { candidates, errors, complete, firstMs, ms: Math.round(performance.now() - started) };
}

// ---- TURN ----

/**
 * Two connections in this page, relay candidates only, one TURN URL: they connect through the
 * relay (each side's candidate is a relayed address) and a data-channel message goes there and
 * back. `skipped` when the server offers no URL of this kind (TLS needs a certificate);
 * `failed` when it offers no TURN at all, since callers behind strict NATs then cannot meet.
 * @param {IceServer[]} servers @param {RelayKind} kind @returns {Promise<Result>}
 */
export async function checkTurn(servers, kind) {
  const server = turnServer(servers, kind);
  if (!server) {
    if (kind === 'tls') return result('skipped', 'check.turn-tls-none');
    return result('failed', urlsOf(servers).some((u) => relayKind(u.url)) ? 'check.turn-kind-none' : 'check.turn-none');
  }
  const config = /** @type {RTCConfiguration} */ ({ iceServers: [server], iceTransportPolicy: 'relay' });
  const a = new RTCPeerConnection(config);
  const b = new RTCPeerConnection(config);
  /** @type {{url: string, code: number, text: string}[]} */
  const errors = [];
  for (const pc of [a, b]) {
    pc.addEventListener('icecandidateerror', (ev) => {
      const e = /** @type {RTCPeerConnectionIceErrorEvent} */ (ev);
      errors.push({ url: e.url ?? '', code: e.errorCode, text: e.errorText ?? '' });
    });
  }
  a.addEventListener('icecandidate', (ev) => ev.candidate && b.addIceCandidate(ev.candidate).catch(() => {}));
  b.addEventListener('icecandidate', (ev) => ev.candidate && a.addIceCandidate(ev.candidate).catch(() => {}));
  const started = performance.now();
  try {
    const channel = a.createDataChannel('check');
    b.addEventListener('datachannel', (ev) => {
      ev.channel.addEventListener('message', (m) => ev.channel.send(m.data)); // the echo
    });
    const roundTrip = new Promise((resolve) => {
      channel.addEventListener('open', () => {
        const sent = performance.now();
        channel.addEventListener('message', () => resolve(Math.max(1, Math.round(performance.now() - sent))));
        channel.send('parley-check');
      });
    });
    await a.setLocalDescription(await a.createOffer());
    await b.setRemoteDescription(/** @type {RTCSessionDescription} */ (a.localDescription));
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(/** @type {RTCSessionDescription} */ (b.localDescription));
    const rtt = await Promise.race([roundTrip, sleep(TURN_TIMEOUT_MS).then(() => null)]);
    if (rtt === null) {
      if (errors.length > 0) return result('failed', 'check.turn-error', { error: errorLine(errors[0]) });
      return result('failed', 'check.turn-timeout', { s: TURN_TIMEOUT_MS / 1000 });
    }
    const path = await selectedPath(a);
    if (path.local !== 'relay') return result('failed', 'check.turn-not-relayed', { type: path.local ?? '?' });
    return result('ok', 'check.turn-ok', {
      protocol: (path.relayProtocol ?? kind).toUpperCase(),
      ms: Math.round(performance.now() - started),
      rtt: /** @type {number} */ (rtt),
    });
  } finally {
    a.close();
    b.close();
  }
}

/**
 * The local candidate of the connection's selected pair: its type, and for a relayed one the
 * transport between the browser and the TURN server.
 * @param {RTCPeerConnection} pc
 * @returns {Promise<{local: string | null, relayProtocol: string | null}>}
 */
async function selectedPath(pc) {
  const report = await pc.getStats();
  /** @type {any} */
  let pair = null;
  report.forEach((r) => {
    if (r.type === 'transport' && r.selectedCandidatePairId) pair = report.get(r.selectedCandidatePairId);
  });
  if (!pair) report.forEach((r) => r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded' && (pair = r));
  const local = pair ? report.get(pair.localCandidateId) : null;
  return { local: local?.candidateType ?? null, relayProtocol: local?.relayProtocol ?? null };
}

// ---- signaling ----

/**
 * Opens `/ws`, completes the handshake, then times `ping`→`pong` a few times.
 * @param {string} [url] @returns {Promise<Result>}
 */
export function checkSignaling(url = defaultUrl()) {
  return new Promise((resolve) => {
    /** @type {WebSocket} */
    let ws;
    try {
      ws = new WebSocket(url);
    } catch {
      resolve(result('failed', 'check.ws-unreachable'));
      return;
    }
    const started = performance.now();
    /** @type {number[]} */
    const times = [];
    let sentAt = 0;
    let settled = false;
    /** @param {Result} r */
    const finish = (r) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (ws.readyState <= WebSocket.OPEN) ws.close(1000);
      resolve(r);
    };
    const timer = setTimeout(() => finish(result('failed', 'check.ws-timeout', { s: SIGNALING_TIMEOUT_MS / 1000 })), SIGNALING_TIMEOUT_MS);
    const ping = () => {
      sentAt = performance.now();
      ws.send(JSON.stringify({ type: 'ping' }));
    };
    ws.addEventListener('open', () => ws.send(JSON.stringify({ type: 'hello', version: PROTOCOL_VERSION })));
    ws.addEventListener('message', (ev) => {
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return finish(result('failed', 'check.ws-bad'));
      }
      if (msg.type === 'welcome') {
        ping();
      } else if (msg.type === 'ping') {
        ws.send(JSON.stringify({ type: 'pong' }));
      } else if (msg.type === 'pong' && sentAt) {
        times.push(performance.now() - sentAt);
        if (times.length < PINGS) return ping();
        const best = Math.min(...times);
        finish(result('ok', 'check.ws-ok', {
          ms: best < 10 ? best.toFixed(1) : Math.round(best),
          setup: Math.round(performance.now() - started - times.reduce((x, y) => x + y, 0)),
        }));
      } else if (msg.type === 'error') {
        finish(result('failed', 'check.ws-error', { code: String(msg.code) }));
      }
    });
    ws.addEventListener('close', (ev) => finish(result('failed', 'check.ws-closed', { code: ev.code })));
  });
}

/** @param {number} ms */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
