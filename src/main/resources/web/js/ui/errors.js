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

/** @type {{banner: HTMLElement, text: HTMLElement, notice: HTMLElement, reconnecting: HTMLElement} | null} */
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
  const banner = el('div', { class: 'banner', role: 'alert', hidden: true }, text, dismiss);
  const notice = el('p', { class: 'notice', role: 'status', 'aria-live': 'polite', hidden: true });
  const reconnecting = el('p', { class: 'reconnecting', role: 'status', testid: 'reconnecting', hidden: true, text: t('reconnecting') });
  const host = document.getElementById('messages') ?? document.body;
  host.append(banner, reconnecting, notice);
  parts = { banner, text, notice, reconnecting };
  return parts;
}

/** Creates the banner (hidden) so the page has its error element from the start. */
export function initMessages() {
  ensure();
}

/**
 * Shows a human message in the error banner, replacing the previous one.
 * @param {string} message
 * @param {{transient?: boolean}} [options] transient messages hide themselves after a while
 */
export function showError(message, options = {}) {
  const { banner, text } = ensure();
  clearTimeout(errorTimer);
  text.textContent = message;
  banner.hidden = false;
  if (options.transient) errorTimer = setTimeout(clearError, TRANSIENT_MS);
}

/** Hides the error banner. */
export function clearError() {
  const { banner, text } = ensure();
  clearTimeout(errorTimer);
  banner.hidden = true;
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
