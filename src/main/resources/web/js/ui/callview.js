// @ts-check
/**
 * The call view: one tile per remote peer plus the local tile, and the call controls.
 * Layouts: alone → local tile large; 1:1 → remote large, local floating in a corner;
 * 3–6 people → a grid. Every remote peer keeps its <video> (even audio-only) so its audio plays.
 * Tiles carry `data-speaking`; remote tiles have their tools (ui/tile.js). Secondary controls
 * (screen, recording, files, devices) fold into a "More" menu on narrow screens (CSS).
 */

import { t } from '../i18n.js';
import { createDeviceMenu } from './devicemenu.js';
import { attachStream, el, replace } from './dom.js';
import { initial } from './room.js';
import { createRemoteTile } from './tile.js';

/**
 * @typedef {import('./tile.js').Tile} Tile
 * @typedef {import('../quality.js').Quality} Quality
 * @typedef {import('../recorder.js').RecordSource} RecordSource
 * @typedef {import('./devicemenu.js').DeviceKind} DeviceKind
 * @typedef {{onMute: () => void, onCamera: () => void, onLeave: () => void, onScreen: () => void,
 *   onRecord: () => void, onFiles: (files: File[]) => void, onDevice: (kind: DeviceKind, id: string) => void,
 *   currentDevices: () => import('./devicemenu.js').CurrentDevices}} CallHandlers
 * @typedef {{micOn: boolean, cameraOn: boolean, hasMic: boolean, hasCamera: boolean, sharing?: boolean, recording?: boolean}} ControlState
 * @typedef {{
 *   setLocal: (stream: MediaStream | null, sendsVideo: boolean, screen?: boolean) => void,
 *   upsertPeer: (id: string, name: string) => void,
 *   setPeerStream: (id: string, stream: MediaStream, reattach?: boolean) => void,
 *   setPeerState: (id: string, state: string) => void,
 *   setPeerVideo: (id: string, on: boolean) => void,
 *   removePeer: (id: string) => void,
 *   setControls: (state: ControlState) => void,
 *   setSinkId: (sinkId: string) => void,
 *   startTimer: () => void,
 *   setSpeaking: (id: string | null, on: boolean) => void,
 *   setQuality: (id: string, quality: Quality) => void,
 *   setRecording: (names: string[]) => void,
 *   setWakeLock: (state: string) => void,
 *   recordSources: () => RecordSource[],
 *   destroy: () => void,
 * }} CallView
 */

/**
 * @param {HTMLElement} stage
 * @param {{myName: string, canShare: boolean, canRecord: boolean, filesPanel: HTMLElement | null}} info
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
    { class: 'tile local', testid: 'tile', dataset: { self: 'true', speaking: 'false' } },
    localVideo,
    el('div', { class: 'avatar-big', 'aria-hidden': 'true', text: initial(info.myName) }),
    el('div', { class: 'tile-label' }, el('span', { class: 'name', text: t('call.you') })),
  );
  const grid = el('div', { class: 'tiles' }, localTile);
  const waiting = el('p', { class: 'waiting', role: 'status', text: t('call.waiting') });

  const button = (/** @type {string} */ testid, /** @type {string} */ label, /** @type {() => void} */ fn, cls = 'ctl') =>
    el('button', { type: 'button', class: cls, testid, text: label, on: { click: fn } });
  const timer = el('span', { class: 'timer', testid: 'call-timer', 'aria-label': t('call.timer'), text: '00:00' });
  const mute = el('button', { type: 'button', class: 'ctl', testid: 'mute', 'aria-pressed': 'false', text: t('call.mute'), on: { click: () => handlers.onMute() } });
  const camera = el('button', { type: 'button', class: 'ctl', testid: 'camera', 'aria-pressed': 'false', text: t('call.camera'), on: { click: () => handlers.onCamera() } });
  const leave = button('leave', t('call.leave'), () => handlers.onLeave(), 'ctl danger');
  const screen = info.canShare ? button('screen-share', t('call.screen'), () => handlers.onScreen(), 'ctl toggle') : null;
  const record = info.canRecord ? button('record', t('call.record'), () => handlers.onRecord(), 'ctl toggle') : null;
  const fileInput = el('input', {
    type: 'file', multiple: true, class: 'sr-only', testid: 'file-send',
    on: {
      change: () => {
        const files = [...(fileInput.files ?? [])];
        fileInput.value = ''; // the same file may be sent again
        if (files.length) handlers.onFiles(files);
      },
    },
  });
  const fileButton = info.filesPanel ? el('label', { class: 'ctl file-btn' }, el('span', { text: t('files.send') }), fileInput) : null;
  const devices = createDeviceMenu({ current: handlers.currentDevices, onDevice: handlers.onDevice });
  const extras = el('div', { class: 'more-group', id: 'call-more' }, screen, record, fileButton, devices.button);
  const more = el('button', { type: 'button', class: 'ctl more-btn', testid: 'more', 'aria-expanded': 'false', 'aria-controls': 'call-more', text: t('call.more') });
  const controls = el('div', { class: 'controls', role: 'toolbar', 'aria-label': t('call.controls') }, timer, mute, camera, more, extras, leave, devices.panel);
  /** @param {boolean} open */
  const setMore = (open) => {
    controls.classList.toggle('more-open', open);
    more.setAttribute('aria-expanded', String(open));
  };
  more.addEventListener('click', () => {
    const open = !controls.classList.contains('more-open');
    setMore(open);
    if (!open) devices.close();
  });
  // A choice in the "More" menu closes it, after the click did its work (the file label opens the picker).
  extras.addEventListener('click', () => setTimeout(() => setMore(false)));

  const view = el('div', { class: 'call', testid: 'call' }, grid, waiting, info.filesPanel, controls);
  replace(stage, view);
  /** @type {HTMLElement | null} */
  let recIndicator = null;

  /** @type {number | null} */
  let started = null;
  const tick = () => {
    const s = started === null ? 0 : Math.floor((Date.now() - started) / 1000);
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
    setLocal(stream, sendsVideo, isScreen = false) {
      attachStream(localVideo, stream);
      localTile.classList.toggle('no-video', !sendsVideo);
      localTile.classList.toggle('screen', isScreen);
    },
    upsertPeer(id, name) {
      const existing = tiles.get(id);
      if (existing) {
        existing.name.textContent = name;
        existing.avatar.textContent = initial(name);
        return;
      }
      const tile = createRemoteTile(id, name);
      if (sinkId) setSink(tile.video, sinkId);
      grid.insertBefore(tile.tile, localTile);
      tiles.set(id, tile);
      layout();
    },
    setPeerStream(id, stream, reattach = false) {
      const tile = tiles.get(id);
      if (!tile) return;
      if (reattach) tile.video.srcObject = null; // a track added later: some engines only look at srcObject once
      attachStream(tile.video, stream);
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
    setControls({ micOn, cameraOn, hasMic, hasCamera, sharing = false, recording = false }) {
      mute.setAttribute('aria-pressed', String(!micOn));
      mute.disabled = !hasMic;
      camera.setAttribute('aria-pressed', String(!cameraOn));
      camera.disabled = !hasCamera;
      localTile.classList.toggle('camera-off', !cameraOn && !sharing);
      if (screen) {
        screen.setAttribute('aria-pressed', String(sharing));
        screen.textContent = t(sharing ? 'call.screen-stop' : 'call.screen');
      }
      if (record) {
        record.setAttribute('aria-pressed', String(recording));
        record.textContent = t(recording ? 'call.record-stop' : 'call.record');
      }
      devices.setCameraEnabled(hasCamera);
    },
    setSinkId(id) {
      sinkId = id;
      for (const tile of tiles.values()) setSink(tile.video, id);
    },
    startTimer() {
      if (started !== null) return;
      started = Date.now();
      tick();
    },
    setSpeaking(id, on) {
      const tile = id === null ? localTile : tiles.get(id)?.tile;
      if (tile && tile.dataset.speaking !== String(on)) tile.dataset.speaking = String(on);
    },
    setQuality(id, quality) {
      tiles.get(id)?.setQuality(quality);
    },
    setRecording(names) {
      if (!names.length) {
        recIndicator?.remove();
        recIndicator = null;
        return;
      }
      recIndicator ??= view.insertBefore(el('div', { class: 'rec-indicator', testid: 'recording-indicator', role: 'status' }), grid);
      recIndicator.textContent = t('call.recording', { names: names.join(', ') });
    },
    setWakeLock(state) {
      view.dataset.wakeLock = state;
    },
    recordSources() {
      const sources = [...tiles.values()].map((tile) => ({
        video: tile.video, label: tile.name.textContent ?? '', on: !tile.tile.classList.contains('no-video'),
      }));
      const localOn = !localTile.classList.contains('no-video') && !localTile.classList.contains('camera-off');
      return [...sources, { video: localVideo, label: info.myName, on: localOn }];
    },
    destroy() {
      clearInterval(timerId);
      devices.destroy();
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
