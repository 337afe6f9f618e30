// @ts-check
/**
 * One RTCPeerConnection to one remote peer, negotiated with the W3C "perfect negotiation"
 * pattern (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example). It knows nothing of the
 * socket: outgoing descriptions and candidates leave as `signal` events, incoming ones arrive
 * through `handleSignal`.
 *
 * Events (`CustomEvent`s):
 * - `signal`, detail `{description}`, `{candidate}` or `{iceRestart: true}` — to relay to the
 *   remote peer as-is;
 * - `track`, detail `{stream, track}` — a remote track arrived (the stream may repeat);
 * - `state`, detail = RTCPeerConnectionState (new/connecting/connected/disconnected/failed/closed),
 *   or `reconnecting` from the moment an ICE restart is decided until the link is connected again;
 * - `error`, detail = the Error — a negotiation step failed (logged; the link stays usable).
 */

/**
 * @typedef {{description?: RTCSessionDescriptionInit | null, candidate?: RTCIceCandidateInit | null,
 *   iceRestart?: boolean}} SignalData
 */

/** The session's ICE username fragment (RFC 8839 §5.4), or '' without one. @param {string | undefined} sdp */
function iceUfrag(sdp) {
  return /^a=ice-ufrag:(\S+)/m.exec(sdp ?? '')?.[1] ?? '';
}

/**
 * How long the side that does not offer first waits for the other's first offer before offering
 * itself. Both sides add tracks the moment they see each other, so the first offers nearly
 * always collide. Perfect negotiation resolves that by rolling back the polite offer, but
 * Chromium (seen in 156, six-way calls) sometimes never gathers ICE candidates again after
 * rolling back a first offer whose gathering had started: the pair stays "new" forever. Letting
 * one side go first avoids the rollback; the wait only costs time when that side has nothing to
 * send (no camera, mic or channel), and glare after it is still handled.
 */
const FIRST_OFFER_WAIT_MS = 1000;

/**
 * ICE restart (RFC 8445 §9, `restartIce()`): when the path dies (a network change, a NAT
 * rebinding, a Wi-Fi to mobile hand-over) the pair first goes `disconnected` (consent checks
 * unanswered, which Chromium reports after ~2.5 s of silence), much later `failed` (~30 s). A
 * short blip recovers by itself, so a side waits this long more in `disconnected` before it acts.
 *
 * Only the impolite side ever restarts ICE, so two restart offers never collide (a rolled-back
 * offer is where Chromium's gathering can get stuck, see above). The polite side, when it is
 * the one that notices first (the two sides notice up to a second or more apart), asks for the
 * restart with a `{iceRestart: true}` signal instead.
 */
const DISCONNECTED_GRACE_MS = 1500;

export class PeerLink extends EventTarget {
  /**
   * @param {{iceServers?: RTCIceServer[], polite: boolean, offersFirst?: boolean,
   *   refreshIceServers?: () => Promise<RTCIceServer[] | null>}} options `offersFirst` (by
   *   default the impolite side): this side makes the first offer, the other waits for it;
   *   `refreshIceServers` gives fresh servers before an ICE restart, or null to keep the current ones
   */
  constructor({ iceServers = [], polite, offersFirst = !polite, refreshIceServers = async () => null }) {
    super();
    this.polite = polite;
    this.offersFirst = offersFirst;
    this.refreshIceServers = refreshIceServers;
    /** From a decided ICE restart until connected again: the state reads `reconnecting`. */
    this.recovering = false;
    this.restarting = false;
    /** ICE restarts begun on this link (tests and logs). */
    this.restarts = 0;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.graceTimer = undefined;
    // max-bundle: every m-section shares one transport from the start, so ICE gathers, signals
    // and checks one set of candidates instead of one per kind (audio, video, data) until the
    // answer arrives. Every browser Parley serves supports BUNDLE (RFC 9143).
    this.pc = new RTCPeerConnection({ iceServers, bundlePolicy: 'max-bundle' });
    this.makingOffer = false;
    this.ignoreOffer = false;
    this.isSettingRemoteAnswerPending = false;
    /**
     * Candidates that arrived before the remote description. Browsers may queue them too, but
     * addIceCandidate before setRemoteDescription rejects in the spec, so we keep them here.
     * @type {RTCIceCandidateInit[]}
     */
    this.pendingCandidates = [];
    /** Incoming signals are handled one at a time, in arrival order. */
    this.queue = Promise.resolve();
    /** @type {Map<string, RTCRtpSender>} sender per track kind */
    this.senders = new Map();
    this.closed = false;
    /** Whether a data channel was opened: it needs negotiating like a track. */
    this.hasChannel = false;
    /**
     * Set the moment a remote description arrives, before it is applied: `pc.remoteDescription`
     * stays null until setRemoteDescription completes, which is too late to tell the waiting
     * side that an offer is on its way.
     */
    this.heardFromRemote = false;
    /** Resolves when the first remote description arrives. @type {() => void} */
    this.remoteArrived = () => {};
    /** @type {Promise<void>} */
    this.firstRemote = new Promise((resolve) => (this.remoteArrived = resolve));

    const pc = this.pc;
    pc.onnegotiationneeded = () => void this.#negotiate();
    pc.onicecandidate = ({ candidate }) => {
      // The end-of-candidates marker (null) is not relayed: the server wants an object.
      if (candidate) this.#emit('signal', { candidate: candidate.toJSON() });
    };
    pc.ontrack = ({ track, streams }) => {
      const stream = streams[0] ?? new MediaStream([track]);
      this.#emit('track', { stream, track });
    };
    pc.onconnectionstatechange = () => this.#emitState();
    pc.oniceconnectionstatechange = () => this.#onIceState();
  }

  /**
   * Makes the first offer now, in the task that added the first tracks and channel, rather than
   * in the browser's negotiationneeded task, which runs only after the rest of that task and the
   * rendering it causes (the call view is built right after the links, ~60 ms on a busy machine).
   * Only the side that offers first, and only when no description of theirs is on its way.
   */
  offerNow() {
    if (this.offersFirst && !this.heardFromRemote && (this.senders.size > 0 || this.hasChannel)) void this.#negotiate();
  }

  async #negotiate() {
    const pc = this.pc;
    if (!this.offersFirst && !this.heardFromRemote) {
      await Promise.race([this.firstRemote, new Promise((r) => setTimeout(r, FIRST_OFFER_WAIT_MS))]);
      // Their offer came and is being answered; that answer carries our tracks too. Offering
      // now would queue our setLocalDescription behind their setRemoteDescription, where it
      // makes the answer, and the answer step's own call would then make a needless second
      // offer. The browser fires negotiationneeded again once stable if anything is left.
      if (this.heardFromRemote) return;
    }
    // Both offerNow and the browser's event come here: one offer at a time, and only from
    // stable (elsewhere setLocalDescription() would answer, or replace the offer in flight).
    // What is still unnegotiated then fires negotiationneeded again once stable.
    if (this.closed || this.makingOffer || pc.signalingState !== 'stable') return;
    try {
      this.makingOffer = true;
      await pc.setLocalDescription();
      this.#emit('signal', { description: pc.localDescription?.toJSON() });
    } catch (err) {
      this.#emit('error', err);
    } finally {
      this.makingOffer = false;
    }
  }

  /**
   * Restarts ICE now (a network change, or the path died). The impolite side takes fresh ICE
   * servers, then calls `restartIce()`, whose negotiationneeded sends an offer with new
   * credentials; the polite side asks the impolite one to do that. Safe to call repeatedly: one
   * restart at a time.
   */
  async restartIce() {
    if (this.closed || this.restarting) return;
    clearTimeout(this.graceTimer);
    this.restarting = true;
    // A restart on a link that still works (the `online` event) is no outage to show.
    this.recovering = this.pc.connectionState !== 'connected';
    this.#emitState();
    try {
      if (this.polite) {
        this.#emit('signal', { iceRestart: true });
        return;
      }
      await this.#refreshIceServers();
      if (this.closed) return;
      this.restarts += 1;
      this.pc.restartIce();
    } finally {
      this.restarting = false;
    }
  }

  /**
   * After seconds of loss the remote decoder has nothing to build on: it needs a key frame, which
   * it otherwise gets only after its own timeouts. Pausing and resuming each video encoding
   * restarts its encoder, whose first frame is a key frame.
   */
  async #freshKeyFrames() {
    for (const sender of this.pc.getSenders()) {
      if (sender.track?.kind !== 'video') continue;
      try {
        const params = sender.getParameters();
        if (!params.encodings?.length) continue;
        params.encodings.forEach((e) => (e.active = false));
        await sender.setParameters(params);
        const again = sender.getParameters();
        again.encodings.forEach((e) => (e.active = true));
        await sender.setParameters(again);
      } catch (err) {
        console.debug('parley: key frame after recovery', err);
      }
    }
  }

  async #refreshIceServers() {
    try {
      const iceServers = await this.refreshIceServers();
      if (iceServers && !this.closed) this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
    } catch (err) {
      console.debug('parley: keeping the ICE servers we have', err);
    }
  }

  #onIceState() {
    const state = this.pc.iceConnectionState;
    clearTimeout(this.graceTimer);
    if (state === 'failed') {
      void this.restartIce();
    } else if (state === 'disconnected') {
      this.graceTimer = setTimeout(() => void this.restartIce(), DISCONNECTED_GRACE_MS);
    }
    this.#emitState();
  }

  /** The connection state, reading `reconnecting` while a restart is under way. */
  #emitState() {
    const state = this.pc.connectionState;
    if (state === 'connected' && this.recovering) void this.#freshKeyFrames();
    if (state === 'connected') this.recovering = false;
    this.#emit('state', this.recovering && state !== 'closed' ? 'reconnecting' : state);
  }

  /**
   * Opens a data channel that both sides create with the same `id` (`negotiated: true`), so no
   * in-band announcement is needed. Created together with the first tracks, it rides the first
   * offer; created later, it triggers one renegotiation (perfect negotiation handles that).
   * @param {string} label
   * @param {number} id
   */
  openChannel(label, id) {
    const channel = this.pc.createDataChannel(label, { negotiated: true, id, ordered: true });
    this.hasChannel = true;
    channel.binaryType = 'arraybuffer';
    return channel;
  }

  /** The current RTCPeerConnectionState. */
  get state() {
    return this.pc.connectionState;
  }

  /**
   * Sends our tracks: always the audio track, the video track only when `sendVideo`. Calling it
   * again with a new stream replaces the tracks in place (no renegotiation needed for a swap).
   * @param {MediaStream | null} stream
   * @param {{sendVideo: boolean}} options
   */
  addLocalStream(stream, { sendVideo }) {
    if (this.closed || !stream) return;
    for (const kind of ['audio', 'video']) {
      const track = kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
      const wanted = track && (kind === 'audio' || sendVideo) ? track : null;
      const sender = this.senders.get(kind);
      if (sender) {
        if (sender.track !== wanted) sender.replaceTrack(wanted).catch((err) => this.#emit('error', err));
      } else if (wanted) {
        this.senders.set(kind, this.pc.addTrack(wanted, stream));
      }
    }
  }

  /**
   * Handles a relayed `signal.data` from the remote peer.
   * @param {SignalData} data
   * @returns {Promise<void>}
   */
  handleSignal(data) {
    if (data.description) {
      this.heardFromRemote = true;
      this.remoteArrived();
    }
    this.queue = this.queue
      .then(() => this.#handle(data))
      .catch((err) => this.#emit('error', err));
    return this.queue;
  }

  /** @param {SignalData} data */
  async #handle({ description, candidate, iceRestart }) {
    if (this.closed) return;
    const pc = this.pc;
    if (iceRestart) {
      if (!this.polite) void this.restartIce(); // the polite side asks; only we restart
      return;
    }
    if (description) {
      // Their ICE restart: our TURN credentials may be as old as theirs, so refresh ours too.
      if (this.polite && description.type === 'offer' && iceUfrag(description.sdp) !== iceUfrag(pc.remoteDescription?.sdp)
          && pc.remoteDescription) {
        this.recovering = true;
        await this.#refreshIceServers();
        if (this.closed) return;
      }
      const readyForOffer =
        !this.makingOffer && (pc.signalingState === 'stable' || this.isSettingRemoteAnswerPending);
      const offerCollision = description.type === 'offer' && !readyForOffer;
      this.ignoreOffer = !this.polite && offerCollision;
      if (this.ignoreOffer) return; // impolite: our offer wins, theirs is dropped
      this.isSettingRemoteAnswerPending = description.type === 'answer';
      try {
        await this.#setRemote(description, offerCollision);
      } finally {
        this.isSettingRemoteAnswerPending = false;
      }
      await this.#flushCandidates();
      // Only while their offer awaits an answer: in any other state setLocalDescription() would
      // make an offer of our own, a renegotiation nobody asked for.
      if (description.type === 'offer' && pc.signalingState === 'have-remote-offer') {
        await pc.setLocalDescription();
        this.#emit('signal', { description: pc.localDescription?.toJSON() });
      }
    } else if (candidate) {
      if (!pc.remoteDescription) {
        this.pendingCandidates.push(candidate);
        return;
      }
      try {
        await pc.addIceCandidate(candidate);
      } catch (err) {
        if (!this.ignoreOffer) throw err; // candidates of an ignored offer are expected to fail
      }
    }
  }

  /**
   * setRemoteDescription rolls back our own pending offer implicitly in current browsers. Where
   * it does not (older engines throw InvalidStateError), the polite side rolls back explicitly.
   * @param {RTCSessionDescriptionInit} description
   * @param {boolean} offerCollision
   */
  async #setRemote(description, offerCollision) {
    const pc = this.pc;
    try {
      await pc.setRemoteDescription(description);
    } catch (err) {
      if (!offerCollision || pc.signalingState !== 'have-local-offer') throw err;
      await pc.setLocalDescription({ type: 'rollback' });
      await pc.setRemoteDescription(description);
    }
  }

  async #flushCandidates() {
    const pending = this.pendingCandidates.splice(0);
    for (const candidate of pending) {
      try {
        await this.pc.addIceCandidate(candidate);
      } catch (err) {
        // A candidate for a description that was rolled back or ignored: harmless.
        console.debug('parley: dropped a buffered ICE candidate', err);
      }
    }
  }

  /** Closes the connection; a last `state` event reports 'closed', nothing follows it. */
  close() {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.graceTimer);
    this.pendingCandidates = [];
    const pc = this.pc;
    pc.onnegotiationneeded = pc.onicecandidate = pc.ontrack = null;
    pc.onconnectionstatechange = pc.oniceconnectionstatechange = null;
    pc.close();
    this.#emit('state', 'closed', true);
  }

  /**
   * @param {string} type
   * @param {unknown} detail
   * @param {boolean} [evenIfClosed]
   */
  #emit(type, detail, evenIfClosed = false) {
    if (this.closed && !evenIfClosed) return;
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
