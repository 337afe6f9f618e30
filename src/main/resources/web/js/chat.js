// @ts-check
/**
 * Chat over the signaling server (docs/protocol.md, `chat`): the history this browser keeps per
 * room, and the pure helpers the chat view uses (what may be sent, the time label, where the
 * links are). No DOM here. The server stores nothing: the history lives in localStorage under
 * `parley.chat.<room>`, the last KEEP messages, so it is there again after a reload.
 */

/** The server's limit, in characters (code points). */
export const MAX_CHARS = 2000;
/** How many messages a room's history keeps. */
export const KEEP = 200;
const PREFIX = 'parley.chat.';

/**
 * @typedef {{from: string, name: string, text: string, at: number, mine: boolean}} ChatMessage
 * `mine` is stored because peer ids change on every visit: after a reload, `from` no longer says
 * whether we wrote it.
 * @typedef {{text: string, url?: string}} Segment a run of text, or a link (`url` is its href)
 */

/**
 * The text to send, or null when the server would refuse it (blank, or too long).
 * @param {string} text
 */
export function sendable(text) {
  const trimmed = text.trim();
  if (!trimmed) return null;
  return Array.from(trimmed).length <= MAX_CHARS ? trimmed : null;
}

/** Local time as HH:MM. @param {number} at ms since the epoch */
export function clock(at) {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** A message as received (server `chat`), or null when a field is missing or of the wrong type. @param {any} m */
export function fromServer(m, /** @type {string} */ myId) {
  if (!m || typeof m.text !== 'string' || typeof m.from !== 'string' || !validTime(m.at)) return null;
  return { from: m.from, name: typeof m.name === 'string' ? m.name : m.from, text: m.text, at: Number(m.at), mine: m.from === myId };
}

/** A time a Date can hold (ms since the epoch). @param {unknown} at */
const validTime = (at) => typeof at === 'number' && Math.abs(at) <= 8.64e15;

/** Same sender, same time, same text: the same message (the one key the server gives). @param {ChatMessage} a @param {ChatMessage} b */
export function same(a, b) {
  return a.from === b.from && a.at === b.at && a.text === b.text;
}

const URL_RUN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?'")\]}>»]+$/;

/**
 * Splits text into plain runs and http(s) links. A link's href is the parsed URL, and only
 * http: and https: are ever links; everything else stays text.
 * @param {string} text
 * @returns {Segment[]}
 */
export function segments(text) {
  /** @type {Segment[]} */
  const out = [];
  let last = 0;
  for (const match of text.matchAll(URL_RUN)) {
    const start = match.index ?? 0;
    // "see https://x.org/a." : the final dot (or bracket) belongs to the sentence, unless the
    // bracket closes one opened inside the link (https://en.wikipedia.org/wiki/Foo_(bar)).
    const trail = match[0].match(TRAILING)?.[0] ?? '';
    let raw = match[0].slice(0, match[0].length - trail.length);
    if (trail.startsWith(')') && count(raw, '(') > count(raw, ')')) raw += ')';
    const href = safeHref(raw);
    if (!href) continue;
    if (start > last) out.push({ text: text.slice(last, start) });
    out.push({ text: raw, url: href });
    last = start + raw.length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** @param {string} s @param {string} c */
const count = (s, c) => s.split(c).length - 1;

/** The URL's href when it is http: or https:, else null. @param {string} raw */
export function safeHref(raw) {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** One room's history: load, add (de-duplicated), persist. */
export class ChatHistory {
  /** @param {string} room @param {Storage | null} [storage] */
  constructor(room, storage = defaultStorage()) {
    this.key = PREFIX + room.toLowerCase();
    this.storage = storage;
    /** @type {ChatMessage[]} */
    this.messages = this.#load();
  }

  /**
   * Adds a message unless it is already there; returns whether it was new.
   * @param {ChatMessage} m
   */
  add(m) {
    if (this.messages.some((x) => same(x, m))) return false;
    this.messages.push(m);
    if (this.messages.length > KEEP) this.messages.splice(0, this.messages.length - KEEP);
    this.#save();
    return true;
  }

  #load() {
    try {
      const parsed = JSON.parse(this.storage?.getItem(this.key) ?? '[]');
      if (!Array.isArray(parsed)) return [];
      /** @type {ChatMessage[]} */
      const out = [];
      for (const m of parsed) {
        const ok = m && typeof m.from === 'string' && typeof m.name === 'string' && typeof m.text === 'string' && validTime(m.at);
        if (ok && !out.some((x) => same(x, m))) out.push({ from: m.from, name: m.name, text: m.text, at: m.at, mine: m.mine === true });
      }
      return out.slice(-KEEP);
    } catch {
      return []; // unreadable history: start afresh
    }
  }

  #save() {
    if (!this.storage) return;
    const data = JSON.stringify(this.messages);
    try {
      this.storage.setItem(this.key, data);
    } catch {
      // Storage full: drop other rooms' histories, then try once more; else keep it in memory only.
      try {
        for (const k of Object.keys(this.storage)) if (k.startsWith(PREFIX) && k !== this.key) this.storage.removeItem(k);
        this.storage.setItem(this.key, data);
      } catch {
        // disabled or still full: the history lasts as long as the page
      }
    }
  }
}

function defaultStorage() {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // access denied (storage disabled)
  }
}
