// @ts-check
/**
 * Our part in one call, from "we asked to be in it" to hang-up: the local media, the mesh of
 * PeerLinks, the call view and its controls. Created by the Session on call-start/call-join,
 * fed each call-state that lists us, and ended exactly once.
 */

import { errorText, t } from './i18n.js';
import { dropVideo, getMedia, hasAudio, hasVideo, setCameraOn, setMicOn, stopStream } from './media.js';
import { Mesh } from './mesh.js';
import { createCallView } from './ui/callview.js';
import { setPage } from './ui/dom.js';
import { showError } from './ui/errors.js';

/**
 * @typedef {import('./mesh.js').Call} Call
 * @typedef {import('./mesh.js').Member} Member
 * @typedef {{id: string, name: string, audio: boolean, video: boolean}} PeerInfo
 * @typedef {{
 *   client: import('./protocol.js').SignalingClient, myId: string, myName: string,
 *   iceServers: RTCIceServer[], choice: import('./media.js').MediaChoice & {speakerId?: string},
 *   stage: HTMLElement, media: Promise<MediaStream | null>,
 *   getCall: () => Call | null, getPeer: (id: string) => PeerInfo | undefined,
 *   onHangUp: () => void, onChange: () => void,
 * }} InCallOptions
 */

export class InCall {
  /** @param {InCallOptions} o */
  constructor(o) {
    this.o = o;
    /** @type {MediaStream | null} */
    this.stream = null;
    this.media = o.media;
    this.micOn = true;
    this.camOn = true;
    this.sendVideo = false;
    this.member = false;
    this.ended = false;
    /** @type {Map<string, MediaStream>} */
    this.remote = new Map();
    /** @type {import('./ui/callview.js').CallView | null} */
    this.view = null;
    this.mesh = new Mesh({ myId: o.myId, iceServers: o.iceServers });
    /** @param {string} type @param {(detail: any) => void} fn */
    const on = (type, fn) => this.mesh.addEventListener(type, (ev) => fn(/** @type {CustomEvent} */ (ev).detail));
    on('signal', ({ id, data }) => o.client.send('signal', { to: id, data }));
    on('added', ({ id }) => this.#view().upsertPeer(id, this.#nameOf(id)));
    on('track', ({ id, stream }) => {
      this.remote.set(id, stream);
      this.view?.setPeerStream(id, stream);
      this.refreshPeer(id);
    });
    on('state', ({ id, state }) => this.view?.setPeerState(id, state));
    on('removed', ({ id }) => {
      this.remote.delete(id);
      this.view?.removePeer(id);
    });
  }

  /**
   * Opens (or keeps) local media before we ask to join; failures are shown and the call goes
   * on without (receive-only). A camera failure with a working mic continues audio-only.
   * @param {boolean} wantVideo
   */
  async open(wantVideo) {
    const handed = await this.media;
    const current = this.ended ? (stopStream(handed), null) : handed;
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
    if (this.ended) stopStream(stream); // hung up while the camera was opening
    else this.stream = stream;
  }

  /** @param {string[]} ids the call's members, whose offers may beat our call-state */
  expect(ids) {
    this.mesh.expect(ids);
  }

  /** @param {string} from @param {unknown} data */
  handleSignal(from, data) {
    this.mesh.handleSignal(from, data);
  }

  /**
   * Applies a call-state that lists us.
   * @param {Call} call
   * @param {Member} me
   * @param {boolean} audioOnlyPref the pre-join "audio only" choice
   */
  apply(call, me, audioOnlyPref) {
    // An audio-only member, or anyone in an audio call, sends no video track at all.
    const sendVideo = call.kind === 'video' && !me.audioOnly && !audioOnlyPref;
    if (!sendVideo) dropVideo(this.stream); // which also frees the camera
    this.sendVideo = sendVideo;
    this.mesh.setLocalStream(this.stream, sendVideo);
    this.mesh.update(call);
    const view = this.#view();
    view.setLocal(this.stream, sendVideo && hasVideo(this.stream));
    for (const m of call.members) {
      if (m.id === this.o.myId) continue;
      view.upsertPeer(m.id, this.#nameOf(m.id));
      this.refreshPeer(m.id);
    }
    if (!this.member) {
      this.member = true;
      setPage({ dark: true });
      this.#sendMediaState();
    }
    this.#controls();
  }

  /** Shows a remote tile's video, or its initial when the peer sends none. @param {string} id */
  refreshPeer(id) {
    const call = this.o.getCall();
    const member = call?.members.find((m) => m.id === id);
    const sending = call?.kind === 'video' && member && !member.audioOnly && this.o.getPeer(id)?.video !== false;
    this.view?.setPeerVideo(id, Boolean(sending && this.remote.get(id)?.getVideoTracks().length));
  }

  /** What we send, as `media-state` wants it: is the track actually sending. */
  mine() {
    return {
      audio: this.member && this.micOn && hasAudio(this.stream),
      video: this.member && this.camOn && this.sendVideo && hasVideo(this.stream),
    };
  }

  /** Closes every link, the view and the local tracks. Says nothing to the server. */
  end() {
    if (this.ended) return;
    this.ended = true;
    this.mesh.close();
    this.remote.clear();
    this.view?.destroy();
    this.view = null;
    stopStream(this.stream);
    this.stream = null;
    setPage({ dark: false });
    if (this.member) this.o.client.send('media-state', { audio: false, video: false });
    this.member = false;
  }

  #view() {
    if (!this.view) {
      this.view = createCallView(this.o.stage, { myName: this.o.myName }, {
        onMute: () => this.#toggle('mic'),
        onCamera: () => this.#toggle('camera'),
        onLeave: () => this.o.onHangUp(),
      });
      if (this.o.choice.speakerId) this.view.setSinkId(this.o.choice.speakerId);
    }
    return this.view;
  }

  /** @param {'mic' | 'camera'} what */
  #toggle(what) {
    if (what === 'mic') setMicOn(this.stream, (this.micOn = !this.micOn));
    else setCameraOn(this.stream, (this.camOn = !this.camOn));
    this.#sendMediaState();
    this.#controls();
    this.o.onChange();
  }

  #controls() {
    this.view?.setControls({
      micOn: this.micOn,
      cameraOn: this.camOn,
      hasMic: hasAudio(this.stream),
      hasCamera: this.sendVideo && hasVideo(this.stream),
    });
  }

  #sendMediaState() {
    this.o.client.send('media-state', this.mine());
  }

  /** @param {string} id */
  #nameOf(id) {
    return this.o.getPeer(id)?.name ?? id;
  }
}
