// @ts-check
/**
 * One RTCPeerConnection to one remote peer, negotiated with the W3C "perfect negotiation"
 * pattern (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example). It knows nothing of the
 * socket: outgoing descriptions and candidates leave as `signal` events, incoming ones arrive
 * through `handleSignal`.
 *
 * Events (`CustomEvent`s):
 * - `signal`, detail `{description}` or `{candidate}` — to relay to the remote peer as-is;
 * - `track`, detail `{stream, track}` — a remote track arrived (the stream may repeat);
 * - `state`, detail = RTCPeerConnectionState (new/connecting/connected/disconnected/failed/closed),
 *   or `reconnecting` from the moment an ICE restart is decided until the link is connected again;
 * - `error`, detail = the Error — a negotiation step failed (logged; the link stays usable).
 */

/**
 * @typedef {{description?: RTCSessionDescriptionInit | null, candidate?: RTCIceCandidateInit | null}} SignalData
 */

/**
 * How long the polite peer waits for the impolite peer's first offer before offering itself.
 * Both sides add tracks the moment they see each other, so the first offers nearly always
 * collide. Perfect negotiation resolves that by rolling back the polite offer, but Chromium
 * (seen in 156, six-way calls) sometimes never gathers ICE candidates again after rolling back
 * a first offer whose gathering had started: the pair stays "new" forever. Letting the
 * impolite side go first avoids the rollback; the wait only costs time when the impolite side
 * has nothing to send (no camera or mic), and glare after it is still handled.
 */
const FIRST_OFFER_WAIT_MS = 1000;

/**
 * ICE restart (RFC 8445 §9, `restartIce()`): when the path dies (a network change, a NAT
 * rebinding, a Wi-Fi to mobile hand-over) the pair first goes `disconnected` (consent checks
 * unanswered), much later `failed`. A short blip recovers by itself, so the impolite side waits
 * this long in `disconnected` before restarting; the polite side waits longer, and normally gets
 * the impolite side's restart offer before it would restart itself — one restart, no glare (if
 * both do restart, perfect negotiation settles it like any other collision).
 */
const DISCONNECTED_GRACE_MS = 2000;
const POLITE_EXTRA_GRACE_MS = 3000;

export class PeerLink extends EventTarget {
  /**
   * @param {{iceServers?: RTCIceServer[], polite: boolean,
   *   refreshIceServers?: () => Promise<RTCIceServer[] | null>}} options `refreshIceServers` gives
   *   fresh servers before an ICE restart, or null to keep the current ones
   */
  constructor({ iceServers = [], polite, refreshIceServers = async () => null }) {
    super();
    this.polite = polite;
    this.refreshIceServers = refreshIceServers;
    /** From a decided ICE restart until connected again: the state reads `reconnecting`. */
    this.recovering = false;
    this.restarting = false;
    /** ICE restarts begun on this link (tests and logs). */
    this.restarts = 0;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.graceTimer = undefined;
    this.pc = new RTCPeerConnection({ iceServers });
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
    /** Resolves when the first remote description arrives. @type {() => void} */
    this.remoteArrived = () => {};
    /** @type {Promise<void>} */
    this.firstRemote = new Promise((resolve) => (this.remoteArrived = resolve));

    const pc = this.pc;
    pc.onnegotiationneeded = async () => {
      if (this.polite && !pc.remoteDescription) {
        await Promise.race([this.firstRemote, new Promise((r) => setTimeout(r, FIRST_OFFER_WAIT_MS))]);
        // Their offer came (and is being answered): the browser fires negotiationneeded again
        // once stable if we still have something to negotiate.
        if (this.closed || pc.remoteDescription || pc.signalingState !== 'stable') return;
      }
      try {
        this.makingOffer = true;
        await pc.setLocalDescription();
        this.#emit('signal', { description: pc.localDescription?.toJSON() });
      } catch (err) {
        this.#emit('error', err);
      } finally {
        this.makingOffer = false;
      }
    };
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
   * Restarts ICE now (a network change, or the path died): fresh ICE servers first, then
   * `restartIce()`, whose negotiationneeded sends an offer with new credentials. Safe to call
   * repeatedly: one restart at a time.
   */
  async restartIce() {
    if (this.closed || this.restarting) return;
    clearTimeout(this.graceTimer);
    this.restarting = true;
    this.recovering = true;
    this.#emitState();
    try {
      const iceServers = await this.refreshIceServers();
      if (iceServers && !this.closed) this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
    } catch (err) {
      console.debug('parley: keeping the ICE servers we have', err);
    } finally {
      this.restarting = false;
    }
    if (this.closed) return;
    this.restarts += 1;
    this.pc.restartIce();
  }

  #onIceState() {
    const state = this.pc.iceConnectionState;
    clearTimeout(this.graceTimer);
    if (state === 'failed') {
      void this.restartIce();
    } else if (state === 'disconnected') {
      const grace = DISCONNECTED_GRACE_MS + (this.polite ? POLITE_EXTRA_GRACE_MS : 0);
      this.graceTimer = setTimeout(() => void this.restartIce(), grace);
    }
    this.#emitState();
  }

  /** The connection state, reading `reconnecting` while a restart is under way. */
  #emitState() {
    const state = this.pc.connectionState;
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
    this.queue = this.queue
      .then(() => this.#handle(data))
      .catch((err) => this.#emit('error', err));
    return this.queue;
  }

  /** @param {SignalData} data */
  async #handle({ description, candidate }) {
    if (this.closed) return;
    const pc = this.pc;
    if (description) {
      this.remoteArrived();
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
      if (description.type === 'offer') {
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
