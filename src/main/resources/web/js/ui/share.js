// @ts-check
/**
 * Sharing a room: the copy buttons' clipboard work and their "Copied" feedback, the written
 * invitation (one line of instructions and the link), the native share sheet where there is
 * one, and the "Invite people" panel with the link's QR code. The QR library is imported only
 * when a QR is first shown, so it weighs nothing on the landing and pre-join screens.
 */

import { t } from '../i18n.js';
import { el } from './dom.js';
import { showError, showNotice } from './errors.js';

/** How long a copy button says "Copied". */
const COPIED_MS = 2000;
/** The QR image's side, in CSS pixels, at least (quiet zone included). */
const QR_MIN_PX = 232;
/** The quiet zone the QR standard asks for, in modules. */
const QUIET = 4;

/** @typedef {{room: string, link: string}} ShareInfo */

/** The address where a code is typed: this site's landing page. */
export function siteAddress() {
  return `${location.origin}${location.pathname}`;
}

/** The invitation to paste into a messenger, in the user's language. @param {ShareInfo} info */
export function shareMessage({ room, link }) {
  return t('share.message', { room, link, site: siteAddress() });
}

/**
 * Puts text on the clipboard: the async Clipboard API, else the selection of a hidden
 * textarea and `execCommand('copy')` (plain http, or the permission refused).
 * @param {string} text
 * @returns {Promise<boolean>}
 */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const focused = document.activeElement;
    const area = el('textarea', { class: 'copy-buffer', readonly: true, 'aria-hidden': 'true', tabindex: '-1' });
    area.value = text;
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    if (focused instanceof HTMLElement) focused.focus();
    return ok;
  }
}

/**
 * A button whose click copies `text()` and then says "Copied" for two seconds.
 * @param {{testid: string, label: string, text: () => string, className?: string}} o
 */
export function copyButton({ testid, label, text, className }) {
  const button = el('button', { type: 'button', class: className, testid, text: label });
  button.addEventListener('click', async () => {
    if (await copyText(text())) flashCopied(button, label);
    else showError(t('share.copy-failed'), { transient: true });
  });
  return button;
}

/** @type {WeakMap<HTMLElement, ReturnType<typeof setTimeout>>} */
const flashing = new WeakMap();

/** Shows "Copied" on the button for two seconds, then its label again. @param {HTMLElement} button @param {string} label */
export function flashCopied(button, label) {
  clearTimeout(flashing.get(button));
  button.textContent = t('share.copied');
  button.classList.add('copied');
  showNotice(t('share.copied')); // a polite live region: screen readers hear it too
  flashing.set(button, setTimeout(() => {
    button.textContent = label;
    button.classList.remove('copied');
  }, COPIED_MS));
}

/**
 * The "Share" button: the system share sheet where the browser has one; elsewhere it copies
 * the invitation (and says "Copied") and calls `onFallback` (the room shows its QR code).
 * @param {ShareInfo} info @param {() => void} onFallback
 */
export function shareButton(info, onFallback) {
  const label = t('room.share');
  const button = el('button', { type: 'button', testid: 'share', text: label });
  button.addEventListener('click', async () => {
    const message = shareMessage(info);
    const data = { title: t('share.subject', { room: info.room }), text: message.split('\n')[0], url: info.link };
    if (typeof navigator.share === 'function' && (!navigator.canShare || navigator.canShare(data))) {
      try {
        await navigator.share(data);
        return;
      } catch (err) {
        if (/** @type {Error} */ (err)?.name === 'AbortError') return; // the user closed the sheet
      }
    }
    onFallback();
    if (await copyText(message)) flashCopied(button, label);
    else showError(t('share.copy-failed'), { transient: true });
  });
  return button;
}

/**
 * The "Invite people" panel: how to get in, and the link's QR code. The QR is open while the
 * room is only a room and folds away in a call (unless the user chose otherwise).
 * @param {ShareInfo} info
 */
export function createInvitePanel(info) {
  const img = el('img', { class: 'qr', testid: 'qr', alt: t('share.qr'), width: '1', height: '1' });
  const figure = el('figure', { class: 'qr-box', id: 'room-qr' }, img, el('figcaption', { class: 'muted', text: t('share.qr-caption') }));
  const toggle = el('button', { type: 'button', class: 'small', testid: 'qr-toggle', 'aria-controls': 'room-qr' });
  const node = el(
    'section',
    { class: 'invite', testid: 'invite', 'aria-labelledby': 'invite-title' },
    el('h2', { id: 'invite-title', text: t('share.title') }),
    el('p', { class: 'invite-how', text: t('share.how', { room: info.room, site: siteAddress() }) }),
    toggle,
    figure,
  );
  /** Null until the user opens or closes the QR themselves; then their choice stands. @type {boolean | null} */
  let chosen = null;
  let inCall = false;
  /** @type {Promise<void> | null} */
  let drawn = null;

  /** @param {boolean} open */
  const show = (open) => {
    figure.hidden = !open;
    toggle.textContent = t(open ? 'share.qr-hide' : 'share.qr-show');
    toggle.setAttribute('aria-expanded', String(open));
    if (open) drawn ??= drawQr(img, info.link).catch(() => showError(t('share.qr-failed'), { transient: true }));
  };
  toggle.addEventListener('click', () => show((chosen = figure.hidden)));
  show(true);

  return {
    node,
    /** A call started or ended: fold the QR away for the call unless the user decided. @param {boolean} member */
    setInCall(member) {
      if (member === inCall) return;
      inCall = member;
      show(chosen ?? !member);
    },
    /** Opens the QR and brings the panel into view. */
    reveal() {
      show((chosen = true));
      node.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    },
  };
}

/**
 * Draws the link as a QR code (level M, smallest version that fits) into the image: a GIF
 * data URL, black modules on white, a quiet zone of four modules, whole pixels per module.
 * @param {HTMLImageElement} img @param {string} text
 */
async function drawQr(img, text) {
  const { default: qrcode } = /** @type {{default: any}} */ (await import('/vendor/qrcode.mjs'));
  // The library encodes one byte per UTF-16 unit; links are ASCII, but encode UTF-8 to be exact.
  qrcode.stringToBytes = (/** @type {string} */ s) => Array.from(new TextEncoder().encode(s));
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const modules = qr.getModuleCount() + 2 * QUIET;
  const cell = Math.max(3, Math.ceil(QR_MIN_PX / modules));
  const side = modules * cell;
  img.src = qr.createDataURL(cell, cell * QUIET);
  img.width = side;
  img.height = side;
  img.dataset.modules = String(qr.getModuleCount());
}
