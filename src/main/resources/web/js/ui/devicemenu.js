// @ts-check
/**
 * The call's device menu: camera, microphone and (where the browser can route audio) speaker,
 * switched in the middle of the call. Lists are read when the menu opens and when devices change.
 */

import { t } from '../i18n.js';
import { canChooseSpeaker, listDevices } from '../media.js';
import { el, replace } from './dom.js';

/**
 * @typedef {'audio' | 'video' | 'speaker'} DeviceKind
 * @typedef {{audioId?: string, videoId?: string, speakerId?: string}} CurrentDevices
 */

/**
 * @param {{current: () => CurrentDevices, onDevice: (kind: DeviceKind, id: string) => void}} o
 */
export function createDeviceMenu({ current, onDevice }) {
  const select = (/** @type {string} */ testid, /** @type {string} */ label, /** @type {DeviceKind} */ kind) => {
    const s = el('select', { testid, on: { change: () => onDevice(kind, s.value) } });
    return { s, field: el('label', { class: 'device-field' }, el('span', { text: t(label) }), s) };
  };
  const camera = select('call-camera-select', 'prejoin.camera', 'video');
  const mic = select('call-mic-select', 'prejoin.mic', 'audio');
  const speaker = canChooseSpeaker() ? select('call-speaker-select', 'prejoin.speaker', 'speaker') : null;
  const panel = el('div', { class: 'device-menu', testid: 'call-devices', role: 'group', 'aria-label': t('call.settings'), hidden: true },
    camera.field, mic.field, speaker?.field);
  const button = el('button', {
    type: 'button', class: 'ctl', testid: 'call-settings', 'aria-expanded': 'false', text: t('call.settings'),
    on: { click: () => setOpen(panel.hidden) },
  });

  const fill = async () => {
    const lists = await listDevices();
    const cur = current();
    /** @param {HTMLSelectElement} s @param {MediaDeviceInfo[]} devices @param {string | undefined} chosen @param {string} unnamed */
    const put = (s, devices, chosen, unnamed) => {
      replace(s, ...devices.map((d, i) => el('option', { value: d.deviceId, text: d.label || t(unnamed, { n: i + 1 }), selected: d.deviceId === chosen })));
      if (!devices.length) s.append(el('option', { value: '', text: t('prejoin.default-device') }));
    };
    put(camera.s, lists.videoinput, cur.videoId, 'call.camera-n');
    put(mic.s, lists.audioinput, cur.audioId, 'call.mic-n');
    if (speaker) put(speaker.s, lists.audiooutput, cur.speakerId || 'default', 'call.speaker-n');
  };
  const refresh = () => void fill().catch((err) => console.debug('parley: devices', err));
  /** @param {boolean} open */
  const setOpen = (open) => {
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) refresh();
  };
  navigator.mediaDevices?.addEventListener?.('devicechange', refresh);
  refresh();

  return {
    button,
    panel,
    refresh,
    close: () => setOpen(false),
    /** An audio-only member has no camera to switch. @param {boolean} on */
    setCameraEnabled(on) {
      camera.s.disabled = !on;
    },
    destroy() {
      navigator.mediaDevices?.removeEventListener?.('devicechange', refresh);
    },
  };
}
