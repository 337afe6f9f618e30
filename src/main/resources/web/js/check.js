// @ts-check
/**
 * Wiring of the `/check` page: asks the server for fresh ICE servers, runs the probes of
 * checks.js one after the other (so that they do not disturb each other's timings), shows each
 * result as it comes and keeps the plain-text report up to date. The report holds the browser,
 * each check and its detail — never the TURN credentials, nor any address.
 */

import { checkDevice, checkSignaling, checkStun, checkTurn } from './checks.js';
import { errorText, hasMessage, lang, t } from './i18n.js';
import { setPage } from './ui/dom.js';
import { initMessages } from './ui/errors.js';
import { renderCheck } from './ui/checkview.js';

/** @typedef {import('./checks.js').Result} Result @typedef {import('./checks.js').IceServer} IceServer */

/** How long to wait for `/api/ice-servers`. */
const FETCH_TIMEOUT_MS = 5000;

/** @type {readonly [string, (ice: IceServer[] | null) => Promise<Result>][]} */
const CHECKS = [
  ['camera', () => checkDevice('video')],
  ['mic', () => checkDevice('audio')],
  ['signaling', () => checkSignaling()],
  ['stun', (ice) => (ice ? checkStun(ice) : iceFailed())],
  ['turn-udp', (ice) => (ice ? checkTurn(ice, 'udp') : iceFailed())],
  ['turn-tcp', (ice) => (ice ? checkTurn(ice, 'tcp') : iceFailed())],
  ['turn-tls', (ice) => (ice ? checkTurn(ice, 'tls') : iceFailed())],
];

/** @returns {Promise<Result>} */
async function iceFailed() {
  return { status: 'failed', detail: 'check.ice-failed' };
}

/** The server's STUN/TURN list with fresh credentials, or null. @returns {Promise<IceServer[] | null>} */
async function iceServers() {
  try {
    const res = await fetch('/api/ice-servers', {
      headers: { accept: 'application/json' },
      cache: 'no-store',
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    const body = res.ok ? await res.json() : null;
    return body && Array.isArray(body.iceServers) ? body.iceServers : null;
  } catch {
    return null;
  }
}

/** @param {Result} r */
function detailText(r) {
  return r.detail.startsWith('check.') || !hasMessage(r.detail) ? t(r.detail, r.params) : errorText(r.detail, r.params);
}

/**
 * The report a visitor sends to the host: plain text, one line per check.
 * @param {{name: string, status: string, detail: string}[]} lines
 */
export function reportText(lines) {
  return [
    t('check.report-title'),
    `${t('check.report-page')}: ${location.origin}${location.pathname}`,
    `${t('check.report-time')}: ${new Date().toISOString()}`,
    `${t('check.report-browser')}: ${navigator.userAgent}`,
    '',
    ...lines.map((l) => `${t(`check.row.${l.name}`)}: ${t(`check.status.${l.status}`)} — ${l.detail}`),
  ].join('\n');
}

let running = false;

async function run() {
  if (running) return;
  running = true;
  view.setDone(false);
  /** @type {{name: string, status: string, detail: string}[]} */
  const lines = CHECKS.map(([name]) => ({ name, status: 'waiting', detail: '' }));
  for (const line of lines) view.setStatus(line.name, 'waiting');
  view.setReport(reportText(lines));
  const ice = await iceServers();
  for (const [i, [name, probe]] of CHECKS.entries()) {
    view.setStatus(name, 'running');
    let r;
    try {
      r = await probe(ice);
    } catch (err) {
      r = /** @type {Result} */ ({ status: 'failed', detail: 'unknown-error', params: { code: String(err) } });
    }
    lines[i] = { name, status: r.status, detail: detailText(r) };
    view.setStatus(name, r.status, lines[i].detail);
    view.setReport(reportText(lines));
  }
  view.setDone(true);
  running = false;
}

setPage({ lang, title: `${t('check.title')} · Parley` });
initMessages();
const view = renderCheck(CHECKS.map(([name]) => name), { onAgain: run });
run();
