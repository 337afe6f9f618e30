// @ts-check
/**
 * Room links: `https://host/?room=CODE#KEY`. The key (the secret half) lives in the fragment, so
 * it never reaches a server log or a Referer header; with it the link enters the room directly,
 * without it the visitor knocks. Where the server asks for access tokens, the fragment carries
 * one too: `#KEY&token=JWT` (or `#token=JWT` alone, e.g. on the landing page to make rooms).
 */

import { ROOM_PATTERN } from './protocol-tables.js';

/** Keys are base64url; anything else in a fragment is not a key. */
const KEY_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;
/** A compact JWS: three base64url parts (RFC 7515 §7.1); the server checks the rest. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * The address of a room on this site, with its key and access token when there are some.
 * @param {string} room
 * @param {string} [key]
 * @param {boolean} [absolute] with origin (to share) or without (to navigate)
 * @param {string} [token]
 */
export function roomLink(room, key = '', absolute = false, token = '') {
  const base = `${absolute ? location.origin : ''}${location.pathname}?room=${encodeURIComponent(room)}`;
  const fragment = [key, token && `token=${token}`].filter(Boolean).join('&');
  return fragment ? `${base}#${fragment}` : base;
}

/** The parts of a fragment (`#KEY`, `#KEY&token=JWT`, `#token=JWT`), decoded. @param {string} hash */
function fragmentParts(hash) {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  try {
    return text.split('&').map((part) => decodeURIComponent(part));
  } catch {
    return [];
  }
}

/** A valid key from a fragment (`#KEY`, `KEY` or `#KEY&token=…`), else ''. @param {string} hash */
export function keyFromHash(hash) {
  const key = fragmentParts(hash)[0] ?? '';
  return KEY_PATTERN.test(key) ? key : '';
}

/** A well-formed access token from a fragment (`#KEY&token=JWT` or `#token=JWT`), else ''. @param {string} hash */
export function tokenFromHash(hash) {
  const part = fragmentParts(hash).find((p) => p.startsWith('token='));
  const token = part ? part.slice('token='.length) : '';
  return token.length <= 4096 && TOKEN_PATTERN.test(token) ? token : '';
}

/**
 * The token if it may travel in this room's share link: only one made for exactly this room. An
 * every-room token (`"room": "*"`, which also makes rooms) stays with whoever was given it.
 * @param {string} token @param {string} room
 */
export function shareableToken(token, room) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload + '='.repeat((4 - (payload.length % 4)) % 4)));
    return typeof claims.room === 'string' && claims.room.toLowerCase() === room.toLowerCase() ? token : '';
  } catch {
    return '';
  }
}

/**
 * A room typed or pasted on the landing page: a code, `CODE#KEY`, or a whole link (whose
 * `#KEY` and token are kept). Null when the room part is invalid.
 * @param {string} input
 * @returns {{room: string, key: string, token: string} | null}
 */
export function parseRoom(input) {
  let room = input;
  let hash = '';
  if (input.includes('room=')) {
    try {
      const url = new URL(input, location.href);
      room = url.searchParams.get('room') ?? '';
      hash = url.hash;
    } catch {
      return null;
    }
  } else if (input.includes('#')) {
    const at = input.indexOf('#');
    room = input.slice(0, at);
    hash = input.slice(at);
  }
  return ROOM_PATTERN.test(room) ? { room, key: keyFromHash(hash), token: tokenFromHash(hash) } : null;
}
