// @ts-check
/**
 * File transfer between call members, peer to peer over each link's `files` data channel (a
 * negotiated RTCDataChannel, id 0, reliable and ordered, opened by both sides when the link is
 * made: mesh.js). Nothing passes through the server.
 *
 * Wire protocol on the channel. Text frames are JSON control messages; binary frames are chunks.
 * The file's sender picks `id`, a random non-zero uint32, and every message about that transfer
 * carries it.
 *   sender → receiver  {"type":"file-offer","id":N,"name":"a.pdf","size":123,"mime":"application/pdf"}
 *   receiver → sender  {"type":"file-accept","id":N}
 *                    or {"type":"file-decline","id":N,"reason":"declined" | "too-big"}
 *   sender → receiver  binary chunks after file-accept only: 4-byte big-endian id, then up to
 *                      16 KiB of the file, in order; then {"type":"file-end","id":N}
 *   either side        {"type":"file-cancel","id":N,"side":"sender" | "receiver"} (who cancels);
 *                      both sides drop the transfer, chunks still in flight are ignored.
 * The receiver refuses offers above its `maxFileBytes` (file-decline "too-big"), and fails a
 * transfer whose bytes exceed `size` or fall short of it at file-end. The sender pauses while
 * more than HIGH_WATER bytes are buffered and resumes at `bufferedamountlow`.
 */

import { t } from './i18n.js';
import { showError } from './ui/errors.js';
import { humanSize } from './ui/files.js';
import { safeFileName, saveBlob } from './ui/save.js';

/**
 * @typedef {import('./ui/files.js').FilesPanel} FilesPanel
 * @typedef {import('./ui/files.js').FileRow} FileRow
 * @typedef {import('./ui/files.js').FileState} FileState
 * @typedef {{id: number, peer: string, dir: 'in' | 'out', name: string, size: number, mime: string,
 *   state: FileState, done: number, file: File | null, chunks: Uint8Array<ArrayBuffer>[], row: FileRow}} Transfer
 */

export const CHUNK_BYTES = 16 * 1024;
const READ_BYTES = 1024 * 1024;
const HIGH_WATER = 1024 * 1024;
const LOW_WATER = 256 * 1024;
const FINAL = new Set(['done', 'cancelled', 'declined', 'failed', 'too-big']);

export class FileTransfers {
  /** @param {{maxBytes: number, nameOf: (peer: string) => string, panel: FilesPanel}} o */
  constructor(o) {
    this.o = o;
    /** @type {Map<string, RTCDataChannel>} */
    this.channels = new Map();
    /** @type {Map<string, Transfer>} running transfers by `peer/dir/id` */
    this.transfers = new Map();
  }

  /** @param {string} peer @param {RTCDataChannel} channel */
  attach(peer, channel) {
    this.channels.set(peer, channel);
    channel.bufferedAmountLowThreshold = LOW_WATER;
    channel.addEventListener('message', (ev) => this.#onMessage(peer, ev.data));
    channel.addEventListener('close', () => this.detach(peer, channel));
  }

  /** The link is gone: its transfers fail. @param {string} peer @param {RTCDataChannel} [channel] */
  detach(peer, channel = this.channels.get(peer)) {
    if (!channel || this.channels.get(peer) !== channel) return;
    this.channels.delete(peer);
    for (const tr of [...this.transfers.values()]) if (tr.peer === peer) this.#finish(tr, 'failed');
  }

  /** Offers a file to everyone whose channel is open. @param {File} file */
  send(file) {
    if (file.size > this.o.maxBytes) {
      showError(t('files.too-big', { max: humanSize(this.o.maxBytes) }), { transient: true });
      return;
    }
    const open = [...this.channels].filter(([, c]) => c.readyState === 'open');
    if (!open.length) showError(t('files.nobody'), { transient: true });
    const name = safeFileName(file.name);
    for (const [peer] of open) {
      const id = crypto.getRandomValues(new Uint32Array(1))[0] || 1;
      /** @type {Transfer} */
      const tr = { id, peer, dir: 'out', name, size: file.size, mime: file.type, state: 'waiting', done: 0, file, chunks: [], row: /** @type {any} */ (null) };
      tr.row = this.o.panel.add({ dir: 'out', who: this.o.nameOf(peer), name, size: file.size, onCancel: () => this.cancel(tr) });
      tr.row.setState('waiting');
      this.transfers.set(keyOf(tr), tr);
      this.#json(tr, { type: 'file-offer', id, name, size: file.size, mime: file.type });
    }
  }

  /** @param {Transfer} tr */
  cancel(tr) {
    if (FINAL.has(tr.state)) return;
    this.#json(tr, { type: 'file-cancel', id: tr.id, side: tr.dir === 'out' ? 'sender' : 'receiver' });
    this.#finish(tr, 'cancelled');
  }

  /** Hang-up: cancels what runs, clears the list. */
  close() {
    for (const tr of [...this.transfers.values()]) this.cancel(tr);
    this.channels.clear();
    this.o.panel.clear();
  }

  /** @param {string} peer @param {unknown} data */
  #onMessage(peer, data) {
    if (typeof data === 'string') {
      let msg;
      try {
        msg = JSON.parse(data);
      } catch {
        return;
      }
      if (msg && typeof msg === 'object' && Number.isInteger(msg.id) && msg.id > 0 && msg.id <= 0xffffffff) this.#control(peer, msg);
      return;
    }
    if (!(data instanceof ArrayBuffer) || data.byteLength < 4) return;
    const tr = this.transfers.get(`${peer}/in/${new DataView(data).getUint32(0)}`);
    if (!tr || tr.state !== 'receiving') return; // cancelled: the rest of the chunks in flight
    const chunk = new Uint8Array(data, 4);
    tr.done += chunk.byteLength;
    if (tr.done > tr.size) return this.#fail(tr);
    tr.chunks.push(chunk);
    tr.row.progress(tr.done);
  }

  /** @param {string} peer @param {any} msg */
  #control(peer, msg) {
    const get = (/** @type {'in' | 'out'} */ dir) => this.transfers.get(`${peer}/${dir}/${msg.id}`);
    if (msg.type === 'file-offer') this.#offered(peer, msg);
    else if (msg.type === 'file-accept') {
      const tr = get('out');
      if (tr?.state === 'waiting') this.#pump(tr);
    } else if (msg.type === 'file-decline') {
      const tr = get('out');
      if (tr) this.#finish(tr, msg.reason === 'too-big' ? 'too-big' : 'declined');
    } else if (msg.type === 'file-end') {
      const tr = get('in');
      if (tr?.state === 'receiving') this.#complete(tr);
    } else if (msg.type === 'file-cancel') {
      const tr = msg.side === 'receiver' ? get('out') : msg.side === 'sender' ? get('in') : (get('in') ?? get('out'));
      if (tr) this.#finish(tr, 'cancelled');
    }
  }

  /** @param {string} peer @param {any} msg */
  #offered(peer, msg) {
    if (!Number.isSafeInteger(msg.size) || msg.size < 0 || this.transfers.has(`${peer}/in/${msg.id}`)) return;
    const name = safeFileName(msg.name);
    const mime = typeof msg.mime === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(msg.mime) ? msg.mime : 'application/octet-stream';
    /** @type {Transfer} */
    const tr = { id: msg.id, peer, dir: 'in', name, size: msg.size, mime, state: 'offered', done: 0, file: null, chunks: [], row: /** @type {any} */ (null) };
    tr.row = this.o.panel.add({
      dir: 'in', who: this.o.nameOf(peer), name, size: msg.size,
      onAccept: () => this.#accept(tr),
      onDecline: () => this.#decline(tr, 'declined'),
      onCancel: () => this.cancel(tr),
    });
    this.transfers.set(keyOf(tr), tr);
    if (msg.size > this.o.maxBytes) this.#decline(tr, 'too-big');
    else tr.row.setState('offered');
  }

  /** @param {Transfer} tr */
  #accept(tr) {
    if (tr.state !== 'offered') return;
    tr.state = 'receiving';
    tr.row.setState('receiving');
    this.#json(tr, { type: 'file-accept', id: tr.id });
  }

  /** @param {Transfer} tr @param {'declined' | 'too-big'} reason */
  #decline(tr, reason) {
    if (tr.state !== 'offered') return;
    this.#json(tr, { type: 'file-decline', id: tr.id, reason });
    this.#finish(tr, reason);
  }

  /** Sends the accepted file in chunks, pausing while the channel's buffer is full. @param {Transfer} tr */
  async #pump(tr) {
    const channel = this.channels.get(tr.peer);
    const file = tr.file;
    if (!channel || !file) return this.#fail(tr);
    tr.state = 'sending';
    tr.row.setState('sending');
    try {
      for (let offset = 0; offset < tr.size && tr.state === 'sending'; offset += READ_BYTES) {
        const block = new Uint8Array(await file.slice(offset, offset + READ_BYTES).arrayBuffer());
        for (let i = 0; i < block.length && tr.state === 'sending'; i += CHUNK_BYTES) {
          if (channel.bufferedAmount > HIGH_WATER) await drained(channel);
          if (tr.state !== 'sending') break;
          if (channel.readyState !== 'open') return this.#fail(tr);
          const part = block.subarray(i, i + CHUNK_BYTES);
          const frame = new Uint8Array(4 + part.length);
          new DataView(frame.buffer).setUint32(0, tr.id);
          frame.set(part, 4);
          channel.send(frame);
          tr.done += part.length;
        }
        tr.row.progress(tr.done);
      }
    } catch (err) {
      console.warn('parley: file send failed', err);
      return this.#fail(tr);
    }
    if (tr.state !== 'sending') return;
    this.#json(tr, { type: 'file-end', id: tr.id });
    this.#finish(tr, 'done');
  }

  /** @param {Transfer} tr */
  #complete(tr) {
    if (tr.done !== tr.size) return this.#fail(tr);
    const blob = new Blob(tr.chunks, { type: tr.mime });
    tr.chunks = [];
    saveBlob(blob, tr.name);
    this.#finish(tr, 'done');
  }

  /** Tells the other side (as a cancel) and marks the transfer failed. @param {Transfer} tr */
  #fail(tr) {
    if (FINAL.has(tr.state)) return;
    this.#json(tr, { type: 'file-cancel', id: tr.id, side: tr.dir === 'out' ? 'sender' : 'receiver' });
    this.#finish(tr, 'failed');
  }

  /** @param {Transfer} tr @param {FileState} state */
  #finish(tr, state) {
    if (FINAL.has(tr.state)) return;
    tr.state = state;
    tr.chunks = [];
    tr.file = null;
    this.transfers.delete(keyOf(tr));
    tr.row.setState(state);
  }

  /** @param {Transfer} tr @param {object} msg */
  #json(tr, msg) {
    const channel = this.channels.get(tr.peer);
    if (channel?.readyState === 'open') channel.send(JSON.stringify(msg));
  }
}

/** @param {Transfer} tr */
function keyOf(tr) {
  return `${tr.peer}/${tr.dir}/${tr.id}`;
}

/** Resolves when the channel's buffer drops to its low threshold (or the channel closes). @param {RTCDataChannel} channel */
function drained(channel) {
  return new Promise((resolve) => {
    const done = () => {
      channel.removeEventListener('bufferedamountlow', done);
      channel.removeEventListener('close', done);
      resolve(undefined);
    };
    channel.addEventListener('bufferedamountlow', done);
    channel.addEventListener('close', done);
  });
}
