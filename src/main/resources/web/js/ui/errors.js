// @ts-check
/**
 * The error banner, the "Reconnecting…" line and the notice line. There is exactly one `data-testid="error"` element on
 * the page; it holds the current human message (or is hidden when there is none). Notices
 * ("Link copied") go to a separate polite live region and never replace an error.
 */

import { t } from '../i18n.js';
import { el } from './dom.js';

/** How long a transient message (a declined call, a notice) stays up. */
const TRANSIENT_MS = 8000;

/** Errors that mean "the network between this browser and the server": the banner offers the connection check. */
const CONNECTION_CODES = new Set(['server-unreachable', 'connection-lost', 'heartbeat-timeout']);

/** Whether an error code is a connection problem the `/check` page can help with. @param {string} code */
export function isConnectionProblem(code) {
  return CONNECTION_CODES.has(code);
}

/** @type {{banner: HTMLElement, text: HTMLElement, check: HTMLElement, notice: HTMLElement, reconnecting: HTMLElement} | null} */
let parts = null;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let errorTimer;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let noticeTimer;

function ensure() {
  if (parts) return parts;
  const text = el('p', { class: 'banner-text', testid: 'error' });
  const dismiss = el('button', {
    type: 'button',
    class: 'banner-close',
    'aria-label': t('dismiss'),
    title: t('dismiss'),
    text: '×',
    on: { click: () => clearError() },
  });
  const check = el('a', { class: 'banner-link', href: '/check', testid: 'error-check-link', hidden: true, text: t('check.link-hint') });
  const banner = el('div', { class: 'banner', role: 'alert', hidden: true }, el('div', { class: 'banner-body' }, text, check), dismiss);
  const notice = el('p', { class: 'notice', role: 'status', 'aria-live': 'polite', hidden: true });
  const reconnecting = el('p', { class: 'reconnecting', role: 'status', testid: 'reconnecting', hidden: true, text: t('reconnecting') });
  const host = document.getElementById('messages') ?? document.body;
  host.append(banner, reconnecting, notice);
  parts = { banner, text, check, notice, reconnecting };
  return parts;
}

/** Creates the banner (hidden) so the page has its error element from the start. */
export function initMessages() {
  ensure();
}

/**
 * Shows a human message in the error banner, replacing the previous one.
 * @param {string} message
 * @param {{transient?: boolean, check?: boolean}} [options] transient messages hide themselves
 *   after a while; `check` adds a link to the connection check page
 */
export function showError(message, options = {}) {
  const { banner, text, check } = ensure();
  clearTimeout(errorTimer);
  text.textContent = message;
  check.hidden = !options.check;
  banner.hidden = false;
  if (options.transient) errorTimer = setTimeout(clearError, TRANSIENT_MS);
}

/** Hides the error banner. */
export function clearError() {
  const { banner, text, check } = ensure();
  clearTimeout(errorTimer);
  banner.hidden = true;
  check.hidden = true;
  text.textContent = '';
}

/** The message currently shown, or '' when none. */
export function currentError() {
  return ensure().text.textContent ?? '';
}

/**
 * Shows or hides the "Reconnecting…" line: the signaling socket is being replaced. The call's
 * media does not depend on it, so this is a status, not an error.
 * @param {boolean} on
 */
export function showReconnecting(on) {
  ensure().reconnecting.hidden = !on;
}

/** Shows a short, polite status message ("Link copied"). @param {string} message */
export function showNotice(message) {
  const { notice } = ensure();
  clearTimeout(noticeTimer);
  notice.textContent = message;
  notice.hidden = false;
  noticeTimer = setTimeout(() => {
    notice.hidden = true;
    notice.textContent = '';
  }, TRANSIENT_MS / 2);
}
