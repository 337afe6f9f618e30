// @ts-check
/**
 * Polls the mesh's peer connections: audio levels ~10×/s (who is speaking, from the audio
 * receiver's and our audio sender's stats) and connection quality every 2 s (the whole report).
 * No DOM: results go to callbacks.
 */

import { qualityBetween, sampleOf } from './quality.js';
import { energyOf, levelBetween } from './speaking.js';

/**
 * @typedef {import('./mesh.js').Mesh} Mesh
 * @typedef {import('./speaking.js').Energy} Energy
 * @typedef {import('./quality.js').Sample} Sample
 * @typedef {{mesh: Mesh, onLevel: (id: string | null, level: number) => void,
 *   onQuality: (id: string, quality: import('./quality.js').Quality) => void}} MonitorOptions
 *   `onLevel` with id null is our own microphone
 */

const LEVEL_MS = 100;
const QUALITY_MS = 2000;

export class CallMonitor {
  /** @param {MonitorOptions} o */
  constructor(o) {
    this.o = o;
    /** @type {ReturnType<typeof setInterval> | undefined} */
    this.timer = undefined;
    this.busy = false;
    this.lastQuality = 0;
    /** @type {Map<string, Energy>} last audio reading per remote id, and `local:<id>` for our mic */
    this.energy = new Map();
    /** @type {Map<string, Sample>} */
    this.samples = new Map();
  }

  start() {
    this.timer ??= setInterval(() => this.#tick(), LEVEL_MS);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    this.energy.clear();
    this.samples.clear();
  }

  async #tick() {
    if (this.busy) return; // a slow getStats: skip a beat rather than pile up
    this.busy = true;
    try {
      const links = [...this.o.mesh.links].filter(([, l]) => !l.closed && l.pc.connectionState === 'connected');
      const now = Date.now();
      const quality = now - this.lastQuality >= QUALITY_MS;
      if (quality) this.lastQuality = now;
      await Promise.all(links.map(([id, link]) => this.#levels(id, link.pc)));
      await this.#localLevel(links);
      if (quality) await Promise.all(links.map(([id, link]) => this.#quality(id, link.pc)));
      const live = new Set(links.map(([id]) => id));
      for (const id of this.samples.keys()) if (!live.has(id)) this.samples.delete(id);
      for (const id of this.energy.keys()) if (!id.startsWith('local:') && !live.has(id)) this.energy.delete(id);
    } catch (err) {
      console.debug('parley: stats', err);
    } finally {
      this.busy = false;
    }
  }

  /** @param {string} id @param {RTCPeerConnection} pc */
  async #levels(id, pc) {
    const receiver = pc.getReceivers().find((r) => r.track?.kind === 'audio');
    if (!receiver) return;
    const e = energyOf(await receiver.getStats(), 'inbound-rtp');
    if (!e) return;
    this.o.onLevel(id, levelBetween(this.energy.get(id), e));
    this.energy.set(id, e);
  }

  /** Our microphone, as the first connected link's audio sender measures it. @param {[string, any][]} links */
  async #localLevel(links) {
    for (const [id, link] of links) {
      const sender = /** @type {RTCPeerConnection} */ (link.pc).getSenders().find((s) => s.track?.kind === 'audio');
      if (!sender) continue;
      const e = energyOf(await sender.getStats(), 'media-source');
      if (!e) continue;
      const key = `local:${id}`;
      this.o.onLevel(null, levelBetween(this.energy.get(key), e));
      for (const k of this.energy.keys()) if (k.startsWith('local:') && k !== key) this.energy.delete(k);
      this.energy.set(key, e);
      return;
    }
  }

  /** @param {string} id @param {RTCPeerConnection} pc */
  async #quality(id, pc) {
    const sample = sampleOf(await pc.getStats());
    this.o.onQuality(id, qualityBetween(this.samples.get(id) ?? null, sample));
    this.samples.set(id, sample);
  }
}
