// @ts-check
/**
 * Wiring: routes by URL (`?room=CODE` → pre-join, none → landing), runs the landing and
 * pre-join screens (preview media, device choice, name), then enters the room (enter.js), whose
 * Session (session.js) wires the rest. Views (ui/*) are the only DOM code.
 */

import { errorText, hasMessage, lang, t } from './i18n.js';
import { canChooseSpeaker, getMedia, levelMeter, listDevices, stopStream } from './media.js';
import { enterRoom } from './enter.js';
import { ROOM_PATTERN } from './protocol-tables.js';
import { setPage } from './ui/dom.js';
import { clearError, currentError, initMessages, showError } from './ui/errors.js';
import { renderLanding } from './ui/landing.js';
import { renderPrejoin } from './ui/prejoin.js';

const NAME_KEY = 'parley.name';

/** Pre-join state: the preview stream is handed to the session on join (fast call setup). */
const pre = {
  /** @type {MediaStream | null} */ stream: null,
  /** @type {(() => number) & {stop: () => void} | null} */ meter: null,
  /** @type {{audioId?: string, videoId?: string, speakerId?: string}} */ choice: {},
  audioOnly: false,
  /** Bumped on every acquisition so a slow, superseded getUserMedia is discarded. */
  seq: 0,
  /** The latest acquisition. @type {Promise<MediaStream | null>} */
  current: Promise.resolve(null),
  /** Set once the session owns the stream: the pre-join screen opens no more media. */
  handedOver: false,
  /** The last media error text we showed, so a later success can clear exactly it. */
  mediaError: '',
};

function boot() {
  setPage({ lang, title: 'Parley' });
  initMessages();
  const room = new URLSearchParams(location.search).get('room');
  if (room === null) {
    showLanding();
  } else if (ROOM_PATTERN.test(room)) {
    showPrejoin(room);
  } else {
    showLanding(room);
    showError(errorText('bad-room'));
  }
  // A page restored from the back/forward cache has a dead socket: start over.
  window.addEventListener('pageshow', (ev) => ev.persisted && location.reload());
}

// ---- landing ----

/** @param {string} [code] */
function showLanding(code = '') {
  const view = renderLanding(
    {
      async onCreate() {
        clearError();
        view.setBusy(true);
        const room = await createRoom();
        if (room) go(room);
        else view.setBusy(false);
      },
      onJoinCode(input) {
        const room = parseRoom(input);
        if (room) go(room);
        else showError(errorText('bad-room'));
      },
      async onStartCall(input) {
        clearError();
        let room = input ? parseRoom(input) : null;
        if (input && !room) return showError(errorText('bad-room'));
        view.setBusy(true);
        const media = acquire(false); // start now: the click is the user gesture the prompt wants
        room ??= await createRoom();
        const entered =
          room &&
          (await enterRoom({ room, name: rememberedName() || defaultName(), media, autoCall: true, ...handover() }));
        if (!entered) {
          view.setBusy(false);
          media.then(stopStream); // no room, no call: release the camera
          pre.stream = null;
        }
      },
    },
    { code },
  );
}

/** A room code typed or pasted (a whole link works too), or null when invalid. @param {string} input */
function parseRoom(input) {
  let code = input;
  if (input.includes('room=')) {
    try {
      code = new URL(input, location.href).searchParams.get('room') ?? '';
    } catch {
      return null;
    }
  }
  return ROOM_PATTERN.test(code) ? code : null;
}

/** @returns {Promise<string | null>} the new room's code */
async function createRoom() {
  try {
    const res = await fetch('/api/rooms', { method: 'POST', headers: { accept: 'application/json' } });
    const body = await res.json().catch(() => ({}));
    if (res.ok && typeof body.room === 'string' && ROOM_PATTERN.test(body.room)) return body.room;
    showError(typeof body.code === 'string' && hasMessage(body.code) ? errorText(body.code) : t('create-failed'));
  } catch {
    showError(errorText('server-unreachable'));
  }
  return null;
}

/** @param {string} room */
function go(room) {
  location.assign(`${location.pathname}?room=${encodeURIComponent(room)}`);
}

// ---- pre-join ----

/** @param {string} room */
function showPrejoin(room) {
  setPage({ title: `${t('prejoin.title', { room })} · Parley` });
  const fallbackName = defaultName();
  const view = renderPrejoin(
    { room, name: rememberedName(), placeholder: fallbackName, audioOnly: pre.audioOnly },
    {
      async onJoin({ name, audioOnly }) {
        pre.audioOnly = audioOnly;
        const finalName = name || fallbackName;
        if (name) remember(name);
        view.setBusy(true);
        // The latest acquisition (maybe still opening) becomes the first call's stream.
        const entered = await enterRoom({
          room,
          name: finalName,
          media: pre.current,
          autoCall: false,
          ...handover(() => view.destroy()),
        });
        if (!entered) view.setBusy(false);
      },
      onDeviceChange(choice) {
        Object.assign(pre.choice, choice);
        if (!('speakerId' in choice)) preview();
      },
      onAudioOnlyChange(audioOnly) {
        pre.audioOnly = audioOnly;
        preview();
      },
      onBack: () => location.assign(location.pathname),
    },
  );

  async function preview() {
    if (pre.handedOver) return;
    const stream = await acquire(pre.audioOnly);
    if (pre.handedOver || stream !== pre.stream) return; // joined meanwhile, or superseded
    view.setStream(stream);
    pre.meter?.stop();
    pre.meter = stream ? levelMeter(stream) : null;
    view.setMeter(pre.meter);
    await refreshDevices(stream);
  }

  /** @param {MediaStream | null} stream */
  async function refreshDevices(stream) {
    const lists = await listDevices();
    const settings = (/** @type {'audio' | 'video'} */ kind) =>
      (kind === 'audio' ? stream?.getAudioTracks() : stream?.getVideoTracks())?.[0]?.getSettings().deviceId;
    const selected = {
      audioId: settings('audio') ?? pre.choice.audioId,
      videoId: settings('video') ?? pre.choice.videoId,
      speakerId: pre.choice.speakerId,
    };
    view.setDevices(lists, selected, canChooseSpeaker());
  }
  preview();
  navigator.mediaDevices?.addEventListener?.('devicechange', () => pre.handedOver || refreshDevices(pre.stream));
}

/**
 * Replaces the local stream with a new one. Errors are shown and yield null (joining without
 * media is allowed); a camera failure with a working mic yields an audio-only stream.
 * @param {boolean} audioOnly
 * @returns {Promise<MediaStream | null>}
 */
function acquire(audioOnly) {
  pre.current = openMedia(audioOnly);
  return pre.current;
}

/** @param {boolean} audioOnly @returns {Promise<MediaStream | null>} */
async function openMedia(audioOnly) {
  const seq = ++pre.seq;
  stopStream(pre.stream);
  pre.stream = null;
  let stream = null;
  let message = '';
  try {
    const result = await getMedia({ ...pre.choice, audioOnly });
    stream = result.stream;
    if (result.notice) message = `${errorText(result.notice)} ${t('audio-only-fallback')}`;
  } catch (err) {
    message = errorText(/** @type {{code?: string}} */ (err).code ?? 'media-failed');
  }
  if (seq !== pre.seq) {
    stopStream(stream);
    return null;
  }
  pre.stream = stream;
  if (message) showError(message);
  else if (pre.mediaError && currentError() === pre.mediaError) clearError();
  pre.mediaError = message;
  return stream;
}

/**
 * What the pre-join state gives the room: device choice, audio-only, and the end of previews.
 * @param {() => void} [closeView] tears down the current view's own loops
 */
function handover(closeView) {
  return {
    choice: pre.choice,
    audioOnly: pre.audioOnly,
    beforeRoom() {
      closeView?.();
      pre.meter?.stop();
      pre.meter = null;
      pre.handedOver = true; // the session owns the stream now: no more previews
    },
  };
}

// ---- names ----

function rememberedName() {
  try {
    return localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

/** @param {string} name */
function remember(name) {
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    // storage disabled: the name is simply not remembered
  }
}

function defaultName() {
  return t('default-name', { n: 100 + Math.floor(Math.random() * 900) });
}

boot();
