// @ts-check
/**
 * Local devices: getUserMedia with the chosen camera/microphone, device lists, mute and camera
 * toggles, a microphone level meter. Failures carry stable codes the views translate:
 * `permission-denied`, `no-device`, `device-busy`, `insecure-context`, `media-failed`.
 */

/**
 * @typedef {{audioId?: string, videoId?: string, audioOnly?: boolean}} MediaChoice
 * @typedef {{stream: MediaStream, notice: string | null}} MediaResult
 *   `notice` is an error code when the camera failed and we fell back to audio only.
 * @typedef {{audioinput: MediaDeviceInfo[], videoinput: MediaDeviceInfo[], audiooutput: MediaDeviceInfo[]}} DeviceLists
 */

export class MediaFailure extends Error {
  /** @param {string} code @param {unknown} [cause] */
  constructor(code, cause) {
    super(code);
    this.code = code;
    this.cause = cause;
  }
}

/** Can this page use the camera at all? (getUserMedia needs https or localhost.) */
export function mediaAvailable() {
  return Boolean(globalThis.isSecureContext && navigator.mediaDevices?.getUserMedia);
}

/**
 * Maps a getUserMedia rejection to a stable code.
 * @param {unknown} err
 */
export function mediaErrorCode(err) {
  const name = err instanceof Error || err instanceof DOMException ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'permission-denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'no-device';
    case 'NotReadableError':
    case 'AbortError':
      return 'device-busy';
    default:
      return 'media-failed';
  }
}

/**
 * Opens the microphone and, unless audio-only, the camera. When the camera fails but the
 * microphone works, resolves audio-only with `notice` set to the camera's error code.
 * @param {MediaChoice} choice
 * @returns {Promise<MediaResult>} rejects with a MediaFailure
 */
export async function getMedia({ audioId, videoId, audioOnly = false }) {
  if (!mediaAvailable()) throw new MediaFailure('insecure-context');
  const audio = audioId ? { deviceId: { ideal: audioId } } : true;
  const video = audioOnly ? false : videoId ? { deviceId: { ideal: videoId } } : true;
  try {
    return { stream: await navigator.mediaDevices.getUserMedia({ audio, video }), notice: null };
  } catch (err) {
    if (!video) throw new MediaFailure(mediaErrorCode(err), err);
    const cameraCode = mediaErrorCode(err);
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio, video: false });
      return { stream, notice: cameraCode };
    } catch {
      throw new MediaFailure(cameraCode, err);
    }
  }
}

/** @returns {Promise<DeviceLists>} */
export async function listDevices() {
  /** @type {DeviceLists} */
  const lists = { audioinput: [], videoinput: [], audiooutput: [] };
  if (!navigator.mediaDevices?.enumerateDevices) return lists;
  for (const d of await navigator.mediaDevices.enumerateDevices()) {
    if (d.kind in lists && d.deviceId) lists[d.kind].push(d);
  }
  return lists;
}

/** Can audio be routed to a chosen speaker? (HTMLMediaElement.setSinkId) */
export function canChooseSpeaker() {
  return 'setSinkId' in HTMLMediaElement.prototype;
}

/** @param {MediaStream | null} stream */
export function stopStream(stream) {
  stream?.getTracks().forEach((t) => t.stop());
}

/** Removes and stops the camera track (joining audio-only frees the camera). @param {MediaStream | null} stream */
export function dropVideo(stream) {
  for (const t of stream?.getVideoTracks() ?? []) {
    t.stop();
    stream?.removeTrack(t);
  }
}

/** @param {MediaStream | null} stream @param {boolean} on */
export function setMicOn(stream, on) {
  stream?.getAudioTracks().forEach((t) => (t.enabled = on));
}

/** @param {MediaStream | null} stream @param {boolean} on */
export function setCameraOn(stream, on) {
  stream?.getVideoTracks().forEach((t) => (t.enabled = on));
}

/** @param {MediaStream | null} stream */
export function hasAudio(stream) {
  return Boolean(stream && stream.getAudioTracks().some((t) => t.readyState === 'live'));
}

/** @param {MediaStream | null} stream */
export function hasVideo(stream) {
  return Boolean(stream && stream.getVideoTracks().some((t) => t.readyState === 'live'));
}

/**
 * A microphone level meter. The returned function gives the current level, 0..1 (RMS of the
 * waveform, scaled so speech fills most of the range); `stop()` releases the AudioContext.
 * @param {MediaStream} stream
 * @returns {(() => number) & {stop: () => void}}
 */
export function levelMeter(stream) {
  const silent = Object.assign(() => 0, { stop() {} });
  if (!stream.getAudioTracks().length || typeof AudioContext === 'undefined') return silent;
  let ctx;
  try {
    ctx = new AudioContext();
  } catch {
    return silent;
  }
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 512;
  const source = ctx.createMediaStreamSource(stream);
  source.connect(analyser);
  const buf = new Float32Array(analyser.fftSize);
  ctx.resume().catch(() => {}); // may stay suspended until a user gesture; the meter then reads 0
  const read = () => {
    analyser.getFloatTimeDomainData(buf);
    let sum = 0;
    for (const v of buf) sum += v * v;
    return Math.min(1, Math.sqrt(sum / buf.length) * 4);
  };
  return Object.assign(read, {
    stop() {
      source.disconnect();
      ctx.close().catch(() => {});
    },
  });
}

/** Can this browser share a screen? (getDisplayMedia; absent on most phones.) */
export function canShareScreen() {
  return Boolean(navigator.mediaDevices && 'getDisplayMedia' in navigator.mediaDevices);
}

/**
 * Asks the person to pick a screen, window or tab. Resolves null when they cancel the picker;
 * rejects with a MediaFailure when it fails otherwise.
 * @returns {Promise<MediaStreamTrack | null>}
 */
export async function getScreen() {
  try {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const track = stream.getVideoTracks()[0] ?? null;
    if (track) track.contentHint = 'detail'; // text stays sharp; the frame rate gives way instead
    return track;
  } catch (err) {
    if (err instanceof DOMException && err.name === 'NotAllowedError') return null;
    throw new MediaFailure(mediaErrorCode(err), err);
  }
}

/**
 * Opens one device by id (a camera or a microphone) for a switch in the middle of a call.
 * @param {'audio' | 'video'} kind
 * @param {string} deviceId
 * @returns {Promise<MediaStreamTrack>} rejects with a MediaFailure
 */
export async function openDevice(kind, deviceId) {
  const constraints = { [kind]: deviceId ? { deviceId: { exact: deviceId } } : true };
  try {
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    const track = kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
    if (!track) throw new MediaFailure('no-device');
    return track;
  } catch (err) {
    throw err instanceof MediaFailure ? err : new MediaFailure(mediaErrorCode(err), err);
  }
}

/** The device id a live track was opened from ('' when unknown). @param {MediaStreamTrack | undefined} track */
export function deviceOf(track) {
  return (track && track.readyState === 'live' && track.getSettings().deviceId) || '';
}
