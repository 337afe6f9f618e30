// @ts-check
/**
 * Local recording of the call: a canvas that draws the visible videos in a grid (captured at
 * 25 fps) plus an AudioContext mix of every remote stream's audio and our microphone, through a
 * MediaRecorder. On stop the WebM is handed to the browser as a download. Nothing is uploaded.
 */

import { saveBlob } from './ui/save.js';

/**
 * @typedef {{video: HTMLVideoElement, label: string, on: boolean}} RecordSource
 *   one tile: its <video>, a name to draw when it shows no picture, whether it shows one
 */

const FPS = 25;
const WIDTH = 1280;
const HEIGHT = 720;

/** The first MediaRecorder type this browser supports, or '' when it cannot record. */
export function recordingType() {
  if (typeof MediaRecorder === 'undefined' || typeof HTMLCanvasElement.prototype.captureStream !== 'function') return '';
  for (const type of ['video/webm;codecs=vp8,opus', 'video/webm']) if (MediaRecorder.isTypeSupported(type)) return type;
  return '';
}

/** `parley-<room>-<yyyy-mm-dd-hhmm>.webm`, in local time. @param {string} room @param {Date} at */
export function recordingName(room, at) {
  const p = (/** @type {number} */ n) => String(n).padStart(2, '0');
  const date = `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}`;
  return `parley-${room.replace(/[^A-Za-z0-9_-]/g, '_')}-${date}.webm`;
}

export class CallRecorder {
  /**
   * Starts recording at once. Throws when the browser cannot record.
   * @param {{room: string, sources: () => RecordSource[], onStop: () => void}} o
   */
  constructor(o) {
    const type = recordingType();
    if (!type) throw new Error('recording not supported');
    this.o = o;
    this.name = recordingName(o.room, new Date());
    this.canvas = document.createElement('canvas');
    this.canvas.width = WIDTH;
    this.canvas.height = HEIGHT;
    this.g = /** @type {CanvasRenderingContext2D} */ (this.canvas.getContext('2d'));
    this.audio = new AudioContext();
    this.audio.resume().catch(() => {});
    this.mix = this.audio.createMediaStreamDestination();
    /** @type {Map<string, MediaStreamAudioSourceNode>} one source per audio track */
    this.inputs = new Map();
    /** @type {Blob[]} */
    this.chunks = [];
    this.draw();
    this.drawTimer = setInterval(() => this.draw(), 1000 / FPS); // timers keep running in a hidden tab, rAF does not
    const stream = new MediaStream([...this.canvas.captureStream(FPS).getVideoTracks(), ...this.mix.stream.getAudioTracks()]);
    this.recorder = new MediaRecorder(stream, { mimeType: type });
    this.recorder.ondataavailable = (ev) => {
      if (ev.data.size) this.chunks.push(ev.data);
    };
    this.recorder.onstop = () => this.#finish(stream);
    this.recorder.start(1000);
  }

  /**
   * Makes the mix hold exactly these streams' audio (remote peers and our microphone).
   * @param {(MediaStream | null | undefined)[]} streams
   */
  setAudio(streams) {
    const tracks = new Map();
    for (const s of streams) for (const track of s?.getAudioTracks() ?? []) if (track.readyState === 'live') tracks.set(track.id, track);
    for (const [id, node] of this.inputs) {
      if (tracks.has(id)) continue;
      node.disconnect();
      this.inputs.delete(id);
    }
    for (const [id, track] of tracks) {
      if (this.inputs.has(id)) continue;
      const node = this.audio.createMediaStreamSource(new MediaStream([track]));
      node.connect(this.mix);
      this.inputs.set(id, node);
    }
  }

  /** Stops; the download follows when the recorder has flushed. */
  stop() {
    if (this.recorder.state !== 'inactive') this.recorder.stop();
  }

  /** Draws one frame: the sources in a grid, each fitted (letterboxed) into its cell. */
  draw() {
    const g = this.g;
    const sources = this.o.sources();
    g.fillStyle = '#0e1014';
    g.fillRect(0, 0, WIDTH, HEIGHT);
    const n = Math.max(1, sources.length);
    const cols = Math.ceil(Math.sqrt(n));
    const rows = Math.ceil(n / cols);
    const cw = WIDTH / cols;
    const ch = HEIGHT / rows;
    sources.forEach((s, i) => {
      const x = (i % cols) * cw;
      const y = Math.floor(i / cols) * ch;
      g.fillStyle = '#1b1f27';
      g.fillRect(x + 2, y + 2, cw - 4, ch - 4);
      const v = s.video;
      if (s.on && v.videoWidth && v.videoHeight) {
        const scale = Math.min((cw - 4) / v.videoWidth, (ch - 4) / v.videoHeight);
        const w = v.videoWidth * scale;
        const h = v.videoHeight * scale;
        g.drawImage(v, x + (cw - w) / 2, y + (ch - h) / 2, w, h);
      }
      g.fillStyle = '#fff';
      g.font = `${Math.round(Math.min(cw, ch) / 14)}px system-ui, sans-serif`;
      g.textBaseline = 'bottom';
      g.fillText(s.label, x + 14, y + ch - 12, cw - 28);
    });
  }

  /** @param {MediaStream} stream */
  #finish(stream) {
    clearInterval(this.drawTimer);
    for (const node of this.inputs.values()) node.disconnect();
    this.inputs.clear();
    stream.getTracks().forEach((t) => t.stop());
    this.audio.close().catch(() => {});
    const blob = new Blob(this.chunks, { type: 'video/webm' });
    this.chunks = [];
    if (blob.size) saveBlob(blob, this.name);
    this.o.onStop();
  }
}
