// @ts-check
/** Hands a Blob to the browser as a download with the given file name. */

import { el } from './dom.js';

/** How long the blob: URL outlives the click (the download may still be reading it). */
const REVOKE_MS = 60_000;

/** @param {Blob} blob @param {string} name already safe (no path separators or control characters) */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_MS);
}

/**
 * A file name from someone else made safe to save: no path separators, control or bidi-override
 * characters, no leading/trailing dots or spaces, at most 200 characters; "file" when nothing is left.
 * @param {unknown} name
 */
export function safeFileName(name) {
  const cleaned = String(name ?? '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069/\\:*?"<>|]/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  return [...cleaned].slice(0, 200).join('') || 'file';
}
