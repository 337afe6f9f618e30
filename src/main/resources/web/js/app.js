// @ts-check
/**
 * Wiring: routes by URL (`?room=CODE#KEY` → pre-join, none → landing), runs the landing and
 * pre-join screens (preview media, device choice, name), then enters the room (enter.js), whose
 * Session (session.js) wires the rest. Views (ui/*) are the only DOM code. The key in the
 * fragment (links.js) enters directly; without it the visitor knocks.
 */

import { errorText, hasMessage, lang, t } from './i18n.js';
import { canChooseSpeaker, getMedia, levelMeter, listDevices, stopStream } from './media.js';
import { enterRoom, showEntryError } from './enter.js';
import { keyFromHash, parseRoom, roomLink, tokenFromHash } from './links.js';
import { ROOM_PATTERN } from './protocol-tables.js';
import { setPage } from './ui/dom.js';
import { clearError, currentError, initMessages, showError } from './ui/errors.js';
import { renderLanding } from './ui/landing.js';
import { renderPrejoin } from './ui/prejoin.js';

const NAME_KEY = 'parley.name';

/** The access token from this page's link (`#…&token=JWT`), '' when none: sent to make and enter rooms. */
const linkToken = tokenFromHash(location.hash);

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
  /** Refreshes the device lists of the pre-join screen on screen. @type {(() => void) | null} */
  refresh: null,
};

function boot() {
  setPage({ lang, title: 'Parley' });
  initMessages();
  const room = new URLSearchParams(location.search).get('room');
  if (room === null) {
    showLanding();
  } else if (ROOM_PATTERN.test(room)) {
    showPrejoin(room, keyFromHash(location.hash), linkToken);
  } else {
    showLanding(room);
    showError(errorText('bad-room'));
  }
  // A page restored from the back/forward cache has a dead socket: start over.
  window.addEventListener('pageshow', (ev) => ev.persisted && location.reload());
  navigator.mediaDevices?.addEventListener?.('devicechange', () => pre.handedOver || pre.refresh?.());
}

// ---- landing ----

/** @param {string} [code] */
function showLanding(code = '') {
  const view = renderLanding(
    {
      async onCreate() {
        clearError();
        view.setBusy(true);
        const created = await createRoom();
        if (created) go(created.room, created.key, linkToken);
        else view.setBusy(false);
      },
      onJoinCode(input) {
        const target = parseRoom(input);
        if (target) go(target.room, target.key, target.token || linkToken);
        else showError(errorText('bad-room'));
      },
      async onStartCall(input) {
        clearError();
        // A typed code (no key) knocks; a pasted link keeps its key; nothing typed creates a room.
        let target = input ? parseRoom(input) : null;
        if (input && !target) return showError(errorText('bad-room'));
        view.setBusy(true);
        const media = acquire(false); // start now: the click is the user gesture the prompt wants
        target ??= await createRoom();
        const entered =
          target &&
          (await enterRoom({
            ...target,
            token: target.token || linkToken,
            name: rememberedName() || defaultName(),
            media,
            autoCall: true,
            ...handover(),
            onRemoved: (message) => removedFrom(/** @type {{room: string}} */ (target).room, message),
          }));
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

/** @returns {Promise<{room: string, key: string, token: string} | null>} the new room's code and key */
async function createRoom() {
  try {
    /** @type {Record<string, string>} */
    const headers = { accept: 'application/json' };
    if (linkToken) headers.authorization = `Bearer ${linkToken}`; // where making rooms needs a token
    const res = await fetch('/api/rooms', { method: 'POST', headers });
    const body = await res.json().catch(() => ({}));
    if (res.ok && typeof body.room === 'string' && ROOM_PATTERN.test(body.room)) {
      return { room: body.room, key: typeof body.key === 'string' ? keyFromHash(body.key) : '', token: linkToken };
    }
    showError(typeof body.code === 'string' && hasMessage(body.code) ? errorText(body.code) : t('create-failed'));
  } catch {
    showError(errorText('server-unreachable'), { check: true });
  }
  return null;
}

/** @param {string} room @param {string} key @param {string} token */
function go(room, key, token) {
  location.assign(roomLink(room, key, false, token));
}

// ---- pre-join ----

/**
 * @param {string} room @param {string} key the room key from the link, or ''
 * @param {string} token the access token from the link, or ''
 */
function showPrejoin(room, key, token) {
  setPage({ title: `${t('prejoin.title', { room })} · Parley` });
  const fallbackName = defaultName();
  const view = renderPrejoin(
    { room, name: rememberedName(), placeholder: fallbackName, audioOnly: pre.audioOnly, hasKey: Boolean(key) },
    {
      async onJoin({ name, audioOnly }) {
        pre.audioOnly = audioOnly;
        const finalName = name || fallbackName;
        if (name) remember(name);
        view.setBusy(true);
        // The latest acquisition (maybe still opening) becomes the first call's stream.
        const entered = await enterRoom({
          room,
          key,
          token,
          name: finalName,
          media: pre.current,
          autoCall: false,
          ...handover(() => view.destroy()),
          onRemoved: (message) => removedFrom(room, message),
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
  pre.refresh = () => refreshDevices(pre.stream);
  preview();
}

/**
 * The host removed us: the session has stopped its media and links. Back to this room's
 * pre-join screen, with the reason; the link's key is dropped, so joining again means knocking.
 * @param {string} room @param {string} message
 */
function removedFrom(room, message) {
  history.replaceState(null, '', roomLink(room));
  pre.handedOver = false;
  pre.stream = null;
  pre.current = Promise.resolve(null);
  showPrejoin(room, '', '');
  showEntryError(message); // stays up until the next attempt to join
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
