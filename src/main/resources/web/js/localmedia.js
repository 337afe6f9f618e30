// @ts-check
/**
 * Our media in a call: the camera and microphone stream, the shared screen, and `out`, the one
 * MediaStream every link sends (the microphone, and the camera or the screen instead of it).
 * Swapping a track in `out` and publishing again replaces it on every link's sender without
 * renegotiation; only a first video track (an audio-only member sharing a screen) adds a sender,
 * which renegotiates (perfect negotiation, call.js).
 */

import { errorText, t } from './i18n.js';
import { deviceOf, dropVideo, getMedia, getScreen, hasAudio, hasVideo, openDevice, setCameraOn, setMicOn, stopStream } from './media.js';
import { showError } from './ui/errors.js';

export class LocalMedia {
  /**
   * @param {{media: Promise<MediaStream | null>, choice: import('./media.js').MediaChoice & {speakerId?: string},
   *   onChange: () => void}} o `onChange` after a change made here (screen, device): publish again
   */
  constructor(o) {
    this.o = o;
    /** @type {MediaStream | null} camera and microphone */
    this.stream = null;
    /** @type {MediaStreamTrack | null} the shared screen, while sharing */
    this.screen = null;
    /** @type {MediaStream | null} the screen alone, for the self-view */
    this.screenView = null;
    this.out = new MediaStream();
    this.micOn = true;
    this.camOn = true;
    this.sendVideo = false;
    this.stopped = false;
  }

  /**
   * Opens (or keeps) local media before we ask to join; failures are shown and the call goes
   * on without (receive-only). A camera failure with a working mic continues audio-only.
   * @param {boolean} wantVideo
   */
  async open(wantVideo) {
    const handed = await this.o.media;
    const current = this.stopped ? (stopStream(handed), null) : handed;
    if (current && (hasAudio(current) || hasVideo(current))) {
      if (!wantVideo) dropVideo(current);
      this.stream = current;
      return;
    }
    let stream = null;
    try {
      const result = await getMedia({ ...this.o.choice, audioOnly: !wantVideo });
      stream = result.stream;
      if (result.notice) showError(`${errorText(result.notice)} ${t('audio-only-fallback')}`);
    } catch (err) {
      showError(errorText(/** @type {{code?: string}} */ (err).code ?? 'media-failed'));
    }
    if (this.stopped) stopStream(stream); // hung up while the camera was opening
    else this.stream = stream;
  }

  /** An audio-only member, or anyone in an audio call, sends no camera (and frees it). @param {boolean} on */
  setSendVideo(on) {
    if (!on) dropVideo(this.stream);
    this.sendVideo = on;
  }

  /** Puts the current tracks into `out` and hands it to every link. @param {import('./mesh.js').Mesh} mesh */
  publish(mesh) {
    const audio = this.stream?.getAudioTracks()[0] ?? null;
    const camera = this.sendVideo ? this.stream?.getVideoTracks()[0] ?? null : null;
    const wanted = [audio, this.screen ?? camera].filter((x) => x !== null);
    for (const track of this.out.getTracks()) if (!wanted.includes(track)) this.out.removeTrack(track);
    for (const track of wanted) if (!this.out.getTrackById(track.id)) this.out.addTrack(track);
    mesh.setLocalStream(this.out, this.sendVideo || this.screen !== null);
  }

  /** The self-view: the camera, or the screen while sharing it. */
  preview() {
    if (this.screen) return { stream: (this.screenView ??= new MediaStream([this.screen])), video: true, screen: true };
    return { stream: this.stream, video: this.sendVideo && hasVideo(this.stream), screen: false };
  }

  /** Is each kind actually sending (media-state's `audio`/`video`). */
  sending() {
    return {
      audio: this.micOn && hasAudio(this.stream),
      video: this.screen !== null || (this.camOn && this.sendVideo && hasVideo(this.stream)),
    };
  }

  controls() {
    return {
      micOn: this.micOn,
      cameraOn: this.camOn,
      hasMic: hasAudio(this.stream),
      hasCamera: this.sendVideo && hasVideo(this.stream),
      sharing: this.screen !== null,
    };
  }

  /** @param {'mic' | 'camera'} what */
  toggle(what) {
    if (what === 'mic') setMicOn(this.stream, (this.micOn = !this.micOn));
    else setCameraOn(this.stream, (this.camOn = !this.camOn));
  }

  /** Starts sharing a screen (the person picks it), or stops. */
  async toggleScreen() {
    if (this.screen) return this.#stopScreen();
    let track;
    try {
      track = await getScreen();
    } catch (err) {
      console.warn('parley: screen', err);
      showError(t('call.screen-failed'), { transient: true });
      return;
    }
    if (!track) return; // the picker was dismissed
    if (this.stopped || this.screen) return void track.stop();
    track.addEventListener('ended', () => this.screen === track && this.#stopScreen()); // the browser's own "Stop sharing"
    this.screen = track;
    this.o.onChange();
  }

  #stopScreen() {
    const track = this.screen;
    this.screen = this.screenView = null;
    track?.stop();
    if (!this.stopped) this.o.onChange();
  }

  /**
   * Switches the camera or the microphone for the rest of the call.
   * @param {'audio' | 'video'} kind
   * @param {string} deviceId
   */
  async switchDevice(kind, deviceId) {
    if (kind === 'video' && !this.sendVideo) return;
    const stream = (this.stream ??= new MediaStream());
    const old = kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
    if (old && deviceOf(old) === deviceId) return;
    const oldId = deviceOf(old);
    if (kind === 'video') old?.stop(); // phones cannot open a second camera while one is open
    let fresh;
    try {
      fresh = await openDevice(kind, deviceId);
    } catch (err) {
      showError(errorText(/** @type {{code?: string}} */ (err).code ?? 'media-failed'), { transient: true });
      if (kind === 'video' && old) fresh = await openDevice(kind, oldId).catch(() => undefined); // back to the old camera
      if (!fresh) return this.o.onChange();
    }
    if (this.stopped) return void fresh.stop();
    if (old) {
      stream.removeTrack(old);
      old.stop();
    }
    fresh.enabled = kind === 'audio' ? this.micOn : this.camOn;
    stream.addTrack(fresh);
    if (deviceOf(fresh) === deviceId) this.o.choice[kind === 'audio' ? 'audioId' : 'videoId'] = deviceId;
    this.o.onChange();
  }

  /** The ids of the devices in use, for the device menu. */
  devices() {
    return {
      audioId: deviceOf(this.stream?.getAudioTracks()[0]),
      videoId: deviceOf(this.stream?.getVideoTracks()[0]),
      speakerId: this.o.choice.speakerId,
    };
  }

  /** Stops every track (camera, microphone, screen); nothing opens after this. */
  stop() {
    this.stopped = true;
    stopStream(this.stream);
    this.stream = null;
    this.screen?.stop();
    this.screen = this.screenView = null;
  }
}
