// @ts-check
/**
 * The call view: one tile per remote peer plus the local tile, and the call controls.
 * Layouts: alone → local tile large; 1:1 → remote large, local floating in a corner;
 * 3–6 people → a grid. Every remote peer keeps its <video> (even audio-only) so its audio plays.
 */

import { t } from '../i18n.js';
import { attachStream, el, replace } from './dom.js';
import { initial } from './room.js';

/**
 * @typedef {{onMute: () => void, onCamera: () => void, onLeave: () => void}} CallHandlers
 * @typedef {{tile: HTMLElement, video: HTMLVideoElement, state: HTMLElement, name: HTMLElement, avatar: HTMLElement}} Tile
 * @typedef {{
 *   setLocal: (stream: MediaStream | null, sendsVideo: boolean) => void,
 *   upsertPeer: (id: string, name: string) => void,
 *   setPeerStream: (id: string, stream: MediaStream) => void,
 *   setPeerState: (id: string, state: string) => void,
 *   setPeerVideo: (id: string, on: boolean) => void,
 *   removePeer: (id: string) => void,
 *   setControls: (state: {micOn: boolean, cameraOn: boolean, hasMic: boolean, hasCamera: boolean}) => void,
 *   setSinkId: (sinkId: string) => void,
 *   destroy: () => void,
 * }} CallView
 */

/**
 * @param {HTMLElement} stage
 * @param {{myName: string}} info
 * @param {CallHandlers} handlers
 * @returns {CallView}
 */
export function createCallView(stage, info, handlers) {
  /** @type {Map<string, Tile>} */
  const tiles = new Map();
  let sinkId = '';

  const localVideo = el('video', { testid: 'local-video', muted: true, autoplay: true, playsInline: true });
  const localTile = el(
    'div',
    { class: 'tile local' },
    localVideo,
    el('div', { class: 'avatar-big', 'aria-hidden': 'true', text: initial(info.myName) }),
    el('div', { class: 'tile-label' }, el('span', { class: 'name', text: t('call.you') })),
  );
  const grid = el('div', { class: 'tiles' }, localTile);
  const waiting = el('p', { class: 'waiting', role: 'status', text: t('call.waiting') });

  const timer = el('span', { class: 'timer', testid: 'call-timer', 'aria-label': t('call.timer'), text: '00:00' });
  const mute = el('button', { type: 'button', class: 'ctl', testid: 'mute', 'aria-pressed': 'false', text: t('call.mute'), on: { click: () => handlers.onMute() } });
  const camera = el('button', { type: 'button', class: 'ctl', testid: 'camera', 'aria-pressed': 'false', text: t('call.camera'), on: { click: () => handlers.onCamera() } });
  const leave = el('button', { type: 'button', class: 'ctl danger', testid: 'leave', text: t('call.leave'), on: { click: () => handlers.onLeave() } });
  const controls = el('div', { class: 'controls', role: 'toolbar', 'aria-label': t('call.controls') }, timer, mute, camera, leave);

  const view = el('div', { class: 'call', testid: 'call' }, grid, waiting, controls);
  replace(stage, view);

  const started = Date.now();
  const tick = () => {
    const s = Math.floor((Date.now() - started) / 1000);
    const hh = Math.floor(s / 3600);
    const mmss = `${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
    timer.textContent = hh ? `${hh}:${mmss}` : mmss;
  };
  const timerId = setInterval(tick, 1000);

  const layout = () => {
    const remote = tiles.size;
    grid.className = `tiles ${remote === 0 ? 'solo' : remote === 1 ? 'one-to-one' : 'grid'} n-${remote + 1}`;
    waiting.hidden = remote > 0;
  };
  layout();

  return {
    setLocal(stream, sendsVideo) {
      attachStream(localVideo, stream);
      localTile.classList.toggle('no-video', !sendsVideo);
    },
    upsertPeer(id, name) {
      const existing = tiles.get(id);
      if (existing) {
        existing.name.textContent = name;
        existing.avatar.textContent = initial(name);
        return;
      }
      const video = el('video', { testid: 'remote-video', autoplay: true, playsInline: true, dataset: { peer: id } });
      if (sinkId) setSink(video, sinkId);
      const state = el('span', { class: 'state', testid: 'peer-state', dataset: { state: 'new' }, text: t('state.new') });
      const nameEl = el('span', { class: 'name', text: name });
      const avatar = el('div', { class: 'avatar-big', 'aria-hidden': 'true', text: initial(name) });
      const tile = el('div', { class: 'tile remote no-video', dataset: { peer: id } }, video, avatar, el('div', { class: 'tile-label' }, nameEl, state));
      grid.insertBefore(tile, localTile);
      tiles.set(id, { tile, video, state, name: nameEl, avatar });
      layout();
    },
    setPeerStream(id, stream) {
      const tile = tiles.get(id);
      if (tile) attachStream(tile.video, stream);
    },
    setPeerState(id, state) {
      const tile = tiles.get(id);
      if (!tile) return;
      tile.state.dataset.state = state;
      tile.state.textContent = t(`state.${state}`);
      tile.tile.dataset.state = state;
    },
    setPeerVideo(id, on) {
      tiles.get(id)?.tile.classList.toggle('no-video', !on);
    },
    removePeer(id) {
      const tile = tiles.get(id);
      if (!tile) return;
      tile.video.srcObject = null;
      tile.tile.remove();
      tiles.delete(id);
      layout();
    },
    setControls({ micOn, cameraOn, hasMic, hasCamera }) {
      mute.setAttribute('aria-pressed', String(!micOn));
      mute.disabled = !hasMic;
      camera.setAttribute('aria-pressed', String(!cameraOn));
      camera.disabled = !hasCamera;
      localTile.classList.toggle('camera-off', !cameraOn);
    },
    setSinkId(id) {
      sinkId = id;
      for (const tile of tiles.values()) setSink(tile.video, id);
    },
    destroy() {
      clearInterval(timerId);
      for (const tile of tiles.values()) tile.video.srcObject = null;
      localVideo.srcObject = null;
      replace(stage);
    },
  };
}

/** @param {HTMLMediaElement} media @param {string} id */
function setSink(media, id) {
  const m = /** @type {HTMLMediaElement & {setSinkId?: (id: string) => Promise<void>}} */ (media);
  m.setSinkId?.(id).catch(() => {});
}
