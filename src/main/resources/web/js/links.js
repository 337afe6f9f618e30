// @ts-check
/**
 * Room links: `https://host/?room=CODE#KEY`. The key (the secret half) lives in the fragment, so
 * it never reaches a server log or a Referer header; with it the link enters the room directly,
 * without it the visitor knocks.
 */

import { ROOM_PATTERN } from './protocol-tables.js';

/** Keys are base64url; anything else in a fragment is not a key. */
const KEY_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * The address of a room on this site, with its key when there is one.
 * @param {string} room
 * @param {string} [key]
 * @param {boolean} [absolute] with origin (to share) or without (to navigate)
 */
export function roomLink(room, key = '', absolute = false) {
  const base = `${absolute ? location.origin : ''}${location.pathname}?room=${encodeURIComponent(room)}`;
  return key ? `${base}#${key}` : base;
}

/** A valid key from a fragment (`#KEY` or `KEY`), else ''. @param {string} hash */
export function keyFromHash(hash) {
  let key = hash.startsWith('#') ? hash.slice(1) : hash;
  try {
    key = decodeURIComponent(key);
  } catch {
    return '';
  }
  return KEY_PATTERN.test(key) ? key : '';
}

/**
 * A room typed or pasted on the landing page: a code, `CODE#KEY`, or a whole link (whose
 * `#KEY` is kept). Null when the room part is invalid.
 * @param {string} input
 * @returns {{room: string, key: string} | null}
 */
export function parseRoom(input) {
  let room = input;
  let key = '';
  if (input.includes('room=')) {
    try {
      const url = new URL(input, location.href);
      room = url.searchParams.get('room') ?? '';
      key = keyFromHash(url.hash);
    } catch {
      return null;
    }
  } else if (input.includes('#')) {
    const at = input.indexOf('#');
    room = input.slice(0, at);
    key = keyFromHash(input.slice(at));
  }
  return ROOM_PATTERN.test(room) ? { room, key } : null;
}
