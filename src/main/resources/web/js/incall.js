// @ts-check
/**
 * Our part in one call, from "we asked to be in it" to hang-up: the local media (localmedia.js),
 * the mesh of PeerLinks, the call view and its controls, and the call's extras: speaking and
 * quality from stats (monitor.js), files (files.js), screen sharing, recording (recorder.js),
 * device switching and the wake lock. Created by the Session on call-start/call-join, fed each
 * call-state that lists us, and ended exactly once.
 */

import { t } from './i18n.js';
import { FileTransfers } from './files.js';
import { LocalMedia } from './localmedia.js';
import { canShareScreen } from './media.js';
import { Mesh } from './mesh.js';
import { CallMonitor } from './monitor.js';
import { CallRecorder, recordingType } from './recorder.js';
import { SPEAKING_LEVEL } from './speaking.js';
import { createCallView } from './ui/callview.js';
import { setPage } from './ui/dom.js';
import { showError } from './ui/errors.js';
import { createFilesPanel } from './ui/files.js';
import { keepScreenOn } from './wakelock.js';

/**
 * @typedef {import('./mesh.js').Call} Call
 * @typedef {import('./mesh.js').Member} Member
 * @typedef {{id: string, name: string, audio: boolean, video: boolean, recording?: boolean}} PeerInfo
 * @typedef {{
 *   client: import('./protocol.js').SignalingClient, myId: string, myName: string, room: string,
 *   iceServers: RTCIceServer[], choice: import('./media.js').MediaChoice & {speakerId?: string},
 *   stage: HTMLElement, media: Promise<MediaStream | null>, maxFileBytes: number,
 *   getCall: () => Call | null, getPeer: (id: string) => PeerInfo | undefined,
 *   onHangUp: () => void, onChange: () => void,
 * }} InCallOptions
 */

export class InCall {
  /** @param {InCallOptions} o */
  constructor(o) {
    this.o = o;
    this.local = new LocalMedia({ media: o.media, choice: o.choice, onChange: () => this.#mediaChanged() });
    this.member = false;
    this.ended = false;
    /**
     * While our media opens (we may have asked to join already): the call-states and signals that
     * arrive meanwhile, applied once our tracks are ready so that the first answer carries them.
     * @type {{calls: Array<() => void>, signals: Array<[string, unknown]>} | null}
     */
    this.held = null;
    /** @type {Map<string, MediaStream>} */
    this.remote = new Map();
    /** @type {import('./ui/callview.js').CallView | null} */
    this.view = null;
    /** @type {CallRecorder | null} */
    this.recorder = null;
    this.releaseWakeLock = () => {};
    this.mesh = new Mesh({ myId: o.myId, iceServers: o.iceServers, files: o.maxFileBytes > 0 });
    this.filesPanel = o.maxFileBytes > 0 ? createFilesPanel() : null;
    this.files = this.filesPanel && new FileTransfers({ maxBytes: o.maxFileBytes, nameOf: (id) => this.#nameOf(id), panel: this.filesPanel });
    this.monitor = new CallMonitor({
      mesh: this.mesh,
      onLevel: (id, level) => this.view?.setSpeaking(id, level > SPEAKING_LEVEL && (id !== null || this.local.micOn)),
      onQuality: (id, q) => this.view?.setQuality(id, q),
    });
    /** A network came up (the laptop rejoined Wi-Fi, the phone switched to mobile): paths may have changed. */
    this.onOnline = () => this.mesh.restartIce();
    window.addEventListener('online', this.onOnline);
    /** @param {string} type @param {(detail: any) => void} fn */
    const on = (type, fn) => this.mesh.addEventListener(type, (ev) => fn(/** @type {CustomEvent} */ (ev).detail));
    on('signal', ({ id, data }) => o.client.send('signal', { to: id, data }));
    on('added', ({ id }) => this.#view().upsertPeer(id, this.#nameOf(id)));
    on('channel', ({ id, channel }) => this.files?.attach(id, channel));
    on('track', ({ id, stream, track }) => this.#onTrack(id, stream, track));
    on('state', ({ id, state }) => {
      this.view?.setPeerState(id, state);
      if (state === 'connected') this.view?.startTimer(); // the call's time runs from its first connection
    });
    on('removed', ({ id }) => {
      this.remote.delete(id);
      this.files?.detach(id);
      this.view?.removePeer(id);
      this.#refreshRecording();
      this.#recordAudio();
    });
  }

  /** The camera and microphone stream (null without media). */
  get stream() {
    return this.local.stream;
  }

  /**
   * Opens (or keeps) local media; what arrives meanwhile waits for it (see `held`).
   * @param {boolean} wantVideo
   */
  async open(wantVideo) {
    const held = (this.held ??= { calls: [], signals: [] });
    try {
      await this.local.open(wantVideo);
    } finally {
      this.#release(held);
    }
  }

  /** Our media is open: what waited for it goes on, once. @param {NonNullable<InCall['held']>} held */
  #release(held) {
    if (this.held !== held) return;
    this.held = null;
    if (this.ended) return;
    // Their signals first, into the mesh's early store: the links our call-state creates replay
    // them, so an offer of theirs is answered rather than crossed by one of ours.
    for (const [from, data] of held.signals) this.mesh.hold(from, data);
    for (const run of held.calls) run();
  }

  /** @param {string[]} ids the call's members, whose offers may beat our call-state */
  expect(ids) {
    if (this.held) this.held.calls.push(() => this.mesh.expect(ids));
    else this.mesh.expect(ids);
  }

  /** @param {string} from @param {unknown} data */
  handleSignal(from, data) {
    if (this.held) this.held.signals.push([from, data]);
    else this.mesh.handleSignal(from, data);
  }

  /**
   * Applies a call-state that lists us (once our media is open).
   * @param {Call} call
   * @param {Member} me
   * @param {boolean} audioOnlyPref the pre-join "audio only" choice
   */
  apply(call, me, audioOnlyPref) {
    if (this.held) this.held.calls.push(() => this.#apply(call, me, audioOnlyPref));
    else this.#apply(call, me, audioOnlyPref);
  }

  /** @param {Call} call @param {Member} me @param {boolean} audioOnlyPref */
  #apply(call, me, audioOnlyPref) {
    // An audio-only member, or anyone in an audio call, sends no video track at all.
    this.local.setSendVideo(call.kind === 'video' && !me.audioOnly && !audioOnlyPref);
    this.local.publish(this.mesh);
    this.mesh.update(call);
    const view = this.#view();
    this.#preview();
    for (const m of call.members) {
      if (m.id === this.o.myId) continue;
      view.upsertPeer(m.id, this.#nameOf(m.id));
      this.refreshPeer(m.id);
    }
    if (!this.member) {
      this.member = true;
      setPage({ dark: true });
      this.#sendMediaState();
      this.monitor.start();
      this.releaseWakeLock = keepScreenOn((state) => this.view?.setWakeLock(state));
    }
    this.#controls();
  }

  /** Shows a remote tile's video, or its initial when the peer sends none; and who records. @param {string} id */
  refreshPeer(id) {
    const call = this.o.getCall();
    const member = call?.members.find((m) => m.id === id);
    const peer = this.o.getPeer(id);
    // A member sends video in a video call, or whenever it says so (an audio-only member sharing a screen).
    const sending = member && ((call?.kind === 'video' && !member.audioOnly && peer?.video !== false) || peer?.video === true);
    this.view?.setPeerVideo(id, Boolean(sending && this.remote.get(id)?.getVideoTracks().length));
    this.#refreshRecording();
  }

  /** What we send, as `media-state` wants it: is the track actually sending; are we recording. */
  mine() {
    const { audio, video } = this.local.sending();
    return { audio: this.member && audio, video: this.member && video, recording: this.member && this.recorder !== null };
  }

  /** Closes every link, the view and the local tracks. Says nothing to the server but media-state. */
  end() {
    if (this.ended) return;
    this.ended = true;
    window.removeEventListener('online', this.onOnline);
    this.recorder?.stop(); // what was recorded so far is still saved
    this.recorder = null;
    this.monitor.stop();
    this.files?.close();
    this.releaseWakeLock();
    this.mesh.close();
    this.remote.clear();
    this.view?.destroy();
    this.view = null;
    this.local.stop();
    setPage({ dark: false });
    if (this.member) this.o.client.send('media-state', { audio: false, video: false, recording: false });
    this.member = false;
  }

  #view() {
    if (!this.view) {
      this.view = createCallView(
        this.o.stage,
        { myName: this.o.myName, canShare: canShareScreen(), canRecord: recordingType() !== '', filesPanel: this.filesPanel?.root ?? null },
        {
          onMute: () => this.#toggle('mic'),
          onCamera: () => this.#toggle('camera'),
          onLeave: () => this.o.onHangUp(),
          onScreen: () => void this.local.toggleScreen(),
          onRecord: () => this.#toggleRecording(),
          onFiles: (files) => files.forEach((f) => this.files?.send(f)),
          onDevice: (kind, id) => {
            if (kind !== 'speaker') return void this.local.switchDevice(kind, id);
            this.o.choice.speakerId = id;
            this.view?.setSinkId(id);
          },
          currentDevices: () => this.local.devices(),
        },
      );
      if (this.o.choice.speakerId) this.view.setSinkId(this.o.choice.speakerId);
    }
    return this.view;
  }

  /** @param {string} id @param {MediaStream} stream @param {MediaStreamTrack} track */
  #onTrack(id, stream, track) {
    const known = this.remote.get(id);
    if (known && known !== stream && !known.getTrackById(track.id)) {
      // Their tracks arrived in different streams: keep one stream per peer, one track per kind.
      for (const old of known.getTracks()) if (old.kind === track.kind) known.removeTrack(old);
      known.addTrack(track);
    }
    const merged = known ?? stream;
    this.remote.set(id, merged);
    this.view?.setPeerStream(id, merged, Boolean(known) && track.kind === 'video');
    this.refreshPeer(id);
    this.#recordAudio();
  }

  #toggleRecording() {
    if (this.recorder) return void this.recorder.stop(); // onStop follows once the file is out
    try {
      const recorder = new CallRecorder({
        room: this.o.room,
        sources: () => this.view?.recordSources() ?? [],
        onStop: () => {
          if (this.recorder !== recorder) return;
          this.recorder = null;
          this.#mediaChanged();
        },
      });
      this.recorder = recorder;
      this.#recordAudio();
    } catch (err) {
      console.warn('parley: recording', err);
      showError(t('call.record-failed'), { transient: true });
      return;
    }
    this.#mediaChanged();
  }

  /** The recording's audio: every remote stream and our microphone. */
  #recordAudio() {
    this.recorder?.setAudio([...this.remote.values(), this.local.stream]);
  }

  /** After a change of what we send or do: links, self-view, media-state, controls, room view. */
  #mediaChanged() {
    if (this.ended) return;
    this.local.publish(this.mesh);
    this.#preview();
    this.#recordAudio();
    this.#sendMediaState();
    this.#refreshRecording();
    this.#controls();
    this.o.onChange();
  }

  #preview() {
    const { stream, video, screen } = this.local.preview();
    this.view?.setLocal(stream, video, screen);
  }

  /** @param {'mic' | 'camera'} what */
  #toggle(what) {
    this.local.toggle(what);
    this.#sendMediaState();
    this.#controls();
    this.o.onChange();
  }

  /** The recording indicator: every member who says it records, us included. */
  #refreshRecording() {
    const names = this.recorder ? [t('call.you')] : [];
    for (const m of this.o.getCall()?.members ?? []) {
      if (m.id !== this.o.myId && this.o.getPeer(m.id)?.recording) names.push(this.#nameOf(m.id));
    }
    this.view?.setRecording(names);
  }

  #controls() {
    this.view?.setControls({ ...this.local.controls(), recording: this.recorder !== null });
  }

  #sendMediaState() {
    this.o.client.send('media-state', this.mine());
  }

  /** @param {string} id */
  #nameOf(id) {
    return this.o.getPeer(id)?.name ?? id;
  }
}
