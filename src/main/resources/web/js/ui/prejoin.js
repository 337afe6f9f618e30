// @ts-check
/** The pre-join screen: camera preview, mic level, device choice, name, audio-only, Join. */

import { t } from '../i18n.js';
import { attachStream, el, mount, replace } from './dom.js';

/**
 * @typedef {import('../media.js').DeviceLists} DeviceLists
 * @typedef {{audioId?: string, videoId?: string, speakerId?: string}} DeviceChoice
 * @typedef {{
 *   onJoin: (choice: {name: string, audioOnly: boolean}) => void,
 *   onDeviceChange: (choice: DeviceChoice) => void,
 *   onAudioOnlyChange: (audioOnly: boolean) => void,
 *   onBack: () => void,
 * }} PrejoinHandlers
 * @typedef {{
 *   setStream: (stream: MediaStream | null) => void,
 *   setDevices: (lists: DeviceLists, selected: DeviceChoice, speakers: boolean) => void,
 *   setMeter: (level: (() => number) | null) => void,
 *   setBusy: (busy: boolean) => void,
 *   destroy: () => void,
 * }} PrejoinView
 */

/**
 * @param {{room: string, name: string, placeholder: string, audioOnly: boolean, hasKey: boolean}} initial
 *   an empty name joins as `placeholder` (a default like "Guest 123"); with the room key (from
 *   the link) Join enters at once ("Join now"), without it the visitor may have to knock
 * @param {PrejoinHandlers} handlers
 * @returns {PrejoinView}
 */
export function renderPrejoin(initial, handlers) {
  const video = el('video', { testid: 'local-video', muted: true, autoplay: true, playsInline: true });
  const placeholder = el('p', { class: 'preview-off', text: t('prejoin.no-camera') });
  const preview = el('div', { class: 'preview' }, video, placeholder);
  const fill = el('div', { class: 'meter-fill' });
  const meter = el('div', {
    class: 'meter',
    testid: 'mic-level',
    role: 'meter',
    'aria-label': t('prejoin.level'),
    'aria-valuemin': '0',
    'aria-valuemax': '100',
    'aria-valuenow': '0',
  }, fill);

  /** @param {string} id @param {string} testid @param {string} label @param {keyof DeviceChoice} key */
  const select = (id, testid, label, key) => {
    const node = el('select', {
      id,
      testid,
      on: { change: () => handlers.onDeviceChange({ [key]: node.value }) },
    });
    const field = el('div', { class: 'field' }, el('label', { for: id, text: label }), node);
    return { node, field };
  };
  const camera = select('camera-select', 'camera-select', t('prejoin.camera'), 'videoId');
  const mic = select('mic-select', 'mic-select', t('prejoin.mic'), 'audioId');
  const speaker = select('speaker-select', 'speaker-select', t('prejoin.speaker'), 'speakerId');
  speaker.field.hidden = true;

  const name = el('input', {
    id: 'display-name',
    testid: 'display-name',
    type: 'text',
    maxlength: '64',
    autocomplete: 'nickname',
    placeholder: initial.placeholder,
    value: initial.name,
  });
  const audioOnly = el('input', {
    id: 'audio-only',
    testid: 'audio-only',
    type: 'checkbox',
    checked: initial.audioOnly,
    on: { change: () => handlers.onAudioOnlyChange(audioOnly.checked) },
  });
  const joinLabel = t(initial.hasKey ? 'prejoin.join-now' : 'prejoin.join');
  const join = el('button', { type: 'submit', class: 'primary', testid: 'join', text: joinLabel });
  const back = el('button', { type: 'button', class: 'link', text: t('prejoin.back'), on: { click: () => handlers.onBack() } });

  const form = el(
    'form',
    {
      class: 'prejoin-form',
      on: {
        submit: (ev) => {
          ev.preventDefault();
          handlers.onJoin({ name: name.value.trim(), audioOnly: audioOnly.checked });
        },
      },
    },
    el('div', { class: 'field' }, el('label', { for: 'display-name', text: t('prejoin.name') }), name),
    camera.field,
    mic.field,
    speaker.field,
    el('div', { class: 'check' }, audioOnly, el('label', { for: 'audio-only', text: t('prejoin.audio-only') })),
    el('div', { class: 'row' }, join, back),
  );

  const view = el(
    'section',
    { class: 'card prejoin', testid: 'prejoin' },
    el('h1', { text: t('prejoin.title', { room: initial.room }) }),
    el('div', { class: 'prejoin-grid' }, el('div', {}, preview, meter), form),
  );
  mount(view);

  let raf = 0;
  /** @type {(() => number) | null} */
  let level = null;
  const draw = () => {
    const v = level ? level() : 0;
    fill.style.transform = `scaleX(${v.toFixed(3)})`;
    meter.setAttribute('aria-valuenow', String(Math.round(v * 100)));
    raf = level ? requestAnimationFrame(draw) : 0;
  };

  /**
   * @param {HTMLSelectElement} node
   * @param {MediaDeviceInfo[]} devices
   * @param {string | undefined} selected
   * @param {string} fallbackLabel
   */
  const fillSelect = (node, devices, selected, fallbackLabel) => {
    replace(
      node,
      ...devices.map((d, i) =>
        el('option', { value: d.deviceId, text: d.label || `${fallbackLabel} ${i + 1}`, selected: d.deviceId === selected }),
      ),
    );
    if (!devices.length) node.append(el('option', { value: '', text: t('prejoin.default-device') }));
  };

  return {
    setStream(stream) {
      const hasVideo = Boolean(stream?.getVideoTracks().length);
      attachStream(video, hasVideo ? stream : null);
      preview.classList.toggle('off', !hasVideo);
    },
    setDevices(lists, selected, speakers) {
      fillSelect(camera.node, lists.videoinput, selected.videoId, t('prejoin.camera'));
      fillSelect(mic.node, lists.audioinput, selected.audioId, t('prejoin.mic'));
      fillSelect(speaker.node, lists.audiooutput, selected.speakerId, t('prejoin.speaker'));
      speaker.field.hidden = !speakers || !lists.audiooutput.length;
    },
    setMeter(fn) {
      level = fn;
      if (!raf) draw();
    },
    setBusy(busy) {
      join.disabled = busy;
      join.textContent = busy ? t('prejoin.joining') : joinLabel;
    },
    destroy() {
      level = null;
      cancelAnimationFrame(raf);
      raf = 0;
    },
  };
}
