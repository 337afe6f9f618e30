// @ts-check
/**
 * The full mesh of one call: one PeerLink per other member, kept in step with `call-state`
 * ("a client that is a member keeps one peer connection per other member and closes the rest").
 * It routes relayed signals to the right link and holds signals that arrive before the
 * call-state that explains them. No socket, no DOM: it talks through events.
 *
 * Events (`CustomEvent`s), each detail carries the remote `id`:
 * - `signal` {id, data} — send as `signal` to `id`;
 * - `added` {id} / `removed` {id} — a link was created / closed;
 * - `track` {id, stream, track}; `state` {id, state};
 * - `channel` {id, channel} — the link's `files` data channel (only with `files: true`).
 */

import { PeerLink } from './call.js';
import { freshIceServers } from './iceservers.js';

/**
 * @typedef {{id: string, audioOnly: boolean}} Member
 * @typedef {{kind: 'video' | 'audio', from: string, members: Member[]}} Call
 */

/** How long a signal from a peer we have no link for is kept (call-state may be in flight). */
const EARLY_SIGNAL_MS = 10_000;
/** The negotiated data channel every link opens for file transfer (files.js), same id on both sides. */
const FILES_CHANNEL = { label: 'files', id: 0 };

export class Mesh extends EventTarget {
  /** @param {{myId: string, iceServers: RTCIceServer[], files?: boolean}} options */
  constructor({ myId, iceServers, files = false }) {
    super();
    this.myId = myId;
    this.iceServers = iceServers;
    /** Whether each link opens the `files` data channel. */
    this.files = files;
    /** @type {Map<string, PeerLink>} */
    this.links = new Map();
    /** @type {Map<string, {at: number, data: any}[]>} */
    this.early = new Map();
    /** @type {MediaStream | null} */
    this.stream = null;
    this.sendVideo = false;
    /** Ids we expect links for: the other members of the last call-state (or the caller we answered). */
    this.expected = new Set();
    /** Whether a call-state listing us was applied: members who appear after it are newcomers. */
    this.joined = false;
  }

  /**
   * Applies a call-state in which we are a member: links for new members, closes the rest.
   * @param {Call} call
   */
  update(call) {
    const others = call.members.filter((m) => m.id !== this.myId).map((m) => m.id);
    this.expected = new Set(others);
    for (const id of [...this.links.keys()]) if (!this.expected.has(id)) this.#remove(id);
    // The members of our first call-state were there before us: they offer, we wait. Whoever
    // appears later is the newcomer, and we offer to them. Both sides read this from the same
    // ordered call-states, so they agree; the ids still settle glare (polite) and restarts.
    const offerFirst = this.joined;
    this.joined = true;
    for (const id of others) this.#ensure(id, [], offerFirst);
  }

  /**
   * Sets (or replaces) the local media sent on every link.
   * @param {MediaStream | null} stream
   * @param {boolean} sendVideo false for audio-only members and audio calls: no video track at all
   */
  setLocalStream(stream, sendVideo) {
    this.stream = stream;
    this.sendVideo = sendVideo;
    for (const link of this.links.values()) link.addLocalStream(stream, { sendVideo });
  }

  /**
   * Routes a relayed signal. A signal from someone without a link is held briefly: the
   * call-state that adds them may still be on its way.
   * @param {string} from
   * @param {any} data
   */
  handleSignal(from, data) {
    const link = this.links.get(from);
    if (link) return void link.handleSignal(data);
    if (this.expected.has(from)) return void this.#ensure(from, [data]);
    this.hold(from, data);
  }

  /**
   * Keeps a signal, for a while, for the link to `from` that is yet to be made (by a call-state
   * or, once they are expected, by their next signal); it is delivered before anything else.
   * @param {string} from
   * @param {any} data
   */
  hold(from, data) {
    const now = Date.now();
    const queue = (this.early.get(from) ?? []).filter((s) => now - s.at < EARLY_SIGNAL_MS);
    queue.push({ at: now, data });
    this.early.set(from, queue);
  }

  /**
   * Before our own call-state arrives (we just answered): accept the known members' signals.
   * @param {string[]} ids
   */
  expect(ids) {
    for (const id of ids) if (id !== this.myId) this.expected.add(id);
  }

  /** @param {string} id */
  link(id) {
    return this.links.get(id);
  }

  /** The network changed (back online, another interface): restart ICE on every link. */
  restartIce() {
    for (const link of this.links.values()) void link.restartIce();
  }

  /** Fresh servers for a restarting link; later links start with them too. */
  async #refreshIceServers() {
    const servers = await freshIceServers();
    if (servers) this.iceServers = servers;
    return servers;
  }

  /** Hangs up: closes every link. */
  close() {
    for (const id of [...this.links.keys()]) this.#remove(id);
    this.early.clear();
    this.expected.clear();
  }

  /**
   * @param {string} id
   * @param {any[]} [signals] theirs that made us create the link, delivered after any held ones
   * @param {boolean} [offersFirst] they are new to the call: we make the first offer
   */
  #ensure(id, signals = [], offersFirst = false) {
    const existing = this.links.get(id);
    if (existing) return existing;
    // The lower id is polite (docs/protocol.md, "Calls"): it yields when both offer at once.
    const link = new PeerLink({
      iceServers: this.iceServers,
      polite: this.myId < id,
      offersFirst,
      refreshIceServers: () => this.#refreshIceServers(),
    });
    this.links.set(id, link);
    link.addEventListener('signal', (ev) => this.#emit('signal', { id, data: /** @type {CustomEvent} */ (ev).detail }));
    link.addEventListener('track', (ev) => this.#emit('track', { id, .../** @type {CustomEvent} */ (ev).detail }));
    link.addEventListener('state', (ev) => this.#emit('state', { id, state: /** @type {CustomEvent} */ (ev).detail }));
    link.addEventListener('error', (ev) => console.warn('parley: negotiation with', id, /** @type {CustomEvent} */ (ev).detail));
    this.#emit('added', { id });
    // In the same task as the first tracks: one negotiation carries both (no extra offer).
    if (this.files) this.#emit('channel', { id, channel: link.openChannel(FILES_CHANNEL.label, FILES_CHANNEL.id) });
    link.addLocalStream(this.stream, { sendVideo: this.sendVideo });
    const now = Date.now();
    const held = (this.early.get(id) ?? []).filter((s) => now - s.at < EARLY_SIGNAL_MS).map((s) => s.data);
    this.early.delete(id);
    for (const data of [...held, ...signals]) link.handleSignal(data);
    // After their signals: an offer of theirs among them is answered rather than met by ours.
    link.offerNow();
    return link;
  }

  /** @param {string} id */
  #remove(id) {
    const link = this.links.get(id);
    if (!link) return;
    this.links.delete(id);
    link.close();
    this.#emit('removed', { id });
  }

  /** @param {string} type @param {unknown} detail */
  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
