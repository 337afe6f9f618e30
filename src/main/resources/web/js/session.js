// @ts-check
/**
 * Wiring for one joined room: server messages → room view (people, host and settings, call
 * banner, incoming call, knock prompts), and call-state → our InCall. Created right after
 * `joined`; lives until the page leaves the room or the host removes us.
 *
 * Call lifecycle as seen from here: idle → pending (we sent call-start/call-join; `inCall`
 * exists, media is open) → member (a call-state lists us) → idle (we hung up, or a call-state
 * no longer lists us, or the call is over).
 *
 * Connection recovery: when the socket drops, the client reconnects and resumes our place; the
 * peer links keep their media meanwhile. A `joined` after that carries our own id (resumed: the
 * snapshot replaces what we knew) or, after `session-lost` and our new `join`, a new id (a clean
 * rejoin: the old call is hung up and, if we were in it, joined again).
 */

import { errorText, t } from './i18n.js';
import { stopStream } from './media.js';
import { ChatHistory, fromServer } from './chat.js';
import { InCall } from './incall.js';
import { chime, startRing, stopRing } from './ring.js';
import { createChatPanel } from './ui/chat.js';
import { setPage } from './ui/dom.js';
import { isConnectionProblem, showError, showReconnecting } from './ui/errors.js';
import { createKnockPrompts } from './ui/knocks.js';
import { renderRoom } from './ui/room.js';

/**
 * @typedef {import('./protocol.js').SignalingClient} SignalingClient
 * @typedef {import('./protocol.js').Welcome} Welcome
 * @typedef {import('./mesh.js').Call} Call
 * @typedef {import('./incall.js').PeerInfo} PeerInfo
 * @typedef {{type: 'joined', room: string, peer: string, peers: PeerInfo[], call: Call | null,
 *   key?: string, host?: string | null, open?: boolean, locked?: boolean}} Joined
 * @typedef {{host?: string | null, open?: boolean, locked?: boolean}} RoomState
 */

/** Errors after which the connection stays open and the message may go away by itself. */
const TRANSIENT = new Set(['not-in-room', 'already-in-room', 'no-call', 'room-full', 'bad-room', 'not-host']);
/** Errors that end a rejoin attempt: we are not getting back in, so we are not reconnecting either. */
const REJOIN_REFUSED = new Set(['room-not-found', 'room-full', 'room-locked', 'too-many-attempts', 'knock-denied', 'bad-room']);

export class Session {
  /**
   * @param {{client: SignalingClient, welcome: Welcome, joined: Joined, name: string, link: string, key: string,
   *   token?: string, relay?: Promise<RTCIceServer[] | null> | null,
   *   media: Promise<MediaStream | null>, choice: {audioId?: string, videoId?: string, speakerId?: string},
   *   audioOnly: boolean, onRemoved: (message: string) => void}} init
   */
  constructor({ client, welcome, relay = null, joined, name, link, key, token = '', media, choice, audioOnly, onRemoved }) {
    this.client = client;
    // From here on a lost socket is replaced and our place in the room resumed.
    client.resumable = true;
    /** The room key, for a clean rejoin when our place was not kept. */
    this.key = key;
    /** The access token from the link, for that rejoin where the server asks for one ('' = none). */
    this.token = token;
    this.myId = joined.peer;
    this.room = joined.room;
    this.name = name;
    this.iceServers = /** @type {RTCIceServer[]} */ (welcome.iceServers ?? []);
    // The relay's credentials, where the server hands them out only for the link's token.
    relay?.then((servers) => {
      if (servers) this.iceServers = servers;
    });
    /** @type {Map<string, PeerInfo>} */
    this.people = new Map(joined.peers.map((p) => [p.id, p]));
    /** @type {Call | null} */
    this.call = joined.call;
    this.choice = choice;
    this.audioOnlyPref = audioOnly;
    /** The pre-join stream when a call starts right away (landing "Start / join call"); else null. */
    this.handedMedia = media;
    /** @type {InCall | null} pending or member */
    this.inCall = null;
    this.ringing = false;
    this.left = false;
    this.onRemoved = onRemoved;
    /** Who may change the settings and remove people, and the settings. */
    this.settings = { host: joined.host ?? null, open: Boolean(joined.open), locked: Boolean(joined.locked) };
    this.knocks = createKnockPrompts({
      onAdmit: (peer) => this.client.send('admit', { peer }),
      onDeny: (peer) => this.client.send('deny', { peer }),
    });

    // Chat: this browser's history of the room first, then what arrives (the server keeps none).
    this.chatHistory = new ChatHistory(this.room);
    this.chat = createChatPanel({
      messages: this.chatHistory.messages,
      onSend: (text) => this.client.send('chat', { text }),
    });

    setPage({ title: `${t('room.title', { room: this.room })} · Parley` });
    this.view = renderRoom(
      { room: this.room, link, chatToggle: this.chat.toggle },
      {
        onVideoCall: () => this.startCall('video'),
        onAudioCall: () => this.startCall('audio'),
        onJoinCall: () => this.joinCall(this.audioOnlyPref || this.call?.kind === 'audio'),
        onLeaveRoom: () => this.leaveRoom(),
        onSetOpen: (open) => this.client.send('room-settings', { open }),
        onSetLocked: (locked) => this.client.send('room-settings', { locked }),
        onRemove: (peer) => this.client.send('remove', { peer }),
      },
    );
    this.#listen();
    this.#render();
  }

  /** Landing's "Start / join call": join the running call, or start a video call. */
  async autoCall() {
    await this.handedMedia;
    if (this.call) await this.joinCall(this.audioOnlyPref);
    else await this.startCall('video');
  }

  /** @param {'video' | 'audio'} kind */
  async startCall(kind) {
    const call = this.#begin();
    if (!call) return;
    await call.open(kind === 'video' && !this.audioOnlyPref);
    if (call === this.inCall) this.client.send('call-start', { kind });
  }

  /** @param {boolean} audioOnly */
  async joinCall(audioOnly) {
    const call = this.#begin();
    if (!call) return;
    // We ask at once, while the camera opens: the members build their offers meanwhile, and
    // the InCall holds what arrives until our tracks are ready, so the first answer has them.
    const opening = call.open(!audioOnly && this.call?.kind !== 'audio');
    // Members may offer as soon as they see us: accept their signals before our call-state.
    call.expect(this.call?.members.map((m) => m.id) ?? []);
    this.client.send('call-join', { audioOnly });
    await opening;
  }

  leaveRoom() {
    this.#hangUp(true);
    this.left = true;
    this.knocks.clear();
    this.handedMedia.then(stopStream);
    this.client.send('leave');
    this.client.close();
    this.chat.destroy();
    location.assign(location.pathname);
  }

  /** The host removed us: the server already took us out. Stop everything, hand back to the page. */
  #removed() {
    this.left = true;
    this.client.close(); // first, so hanging up sends nothing to a room we are no longer in
    this.#hangUp(false);
    this.#stopRinging();
    this.knocks.clear();
    this.chat.destroy();
    this.handedMedia.then(stopStream);
    this.onRemoved(errorText('removed'));
  }

  /** The tab is going away: tell the room now, and do not come back (no reconnect, no resume). */
  pageHide() {
    if (this.left) return;
    this.client.send('leave');
    this.client.close();
  }

  /** Creates the pending InCall, or null when we already have one. */
  #begin() {
    if (this.inCall) return null;
    this.#stopRinging();
    const media = this.handedMedia;
    this.handedMedia = Promise.resolve(null); // the first call takes the pre-join stream
    this.inCall = new InCall({
      client: this.client,
      myId: this.myId,
      myName: this.name,
      room: this.room,
      iceServers: this.iceServers,
      maxFileBytes: this.client.welcome?.maxFileBytes ?? 0,
      choice: this.choice,
      stage: this.view.stage,
      media,
      getCall: () => this.call,
      getPeer: (id) => this.people.get(id),
      onHangUp: () => this.#hangUp(true),
      onChange: () => this.#render(),
    });
    this.#render();
    return this.inCall;
  }

  /** @param {boolean} sendLeave false when the server already took us out */
  #hangUp(sendLeave) {
    if (!this.inCall) return;
    if (sendLeave) this.client.send('call-leave');
    this.inCall.end();
    this.inCall = null;
    this.#render();
  }

  #listen() {
    /** @param {string} type @param {(detail: any) => void} fn */
    const on = (type, fn) => this.client.addEventListener(type, (ev) => fn(/** @type {CustomEvent} */ (ev).detail));
    on('peer-joined', ({ peer }) => {
      this.people.set(peer.id, peer);
      this.#render();
    });
    on('peer-left', ({ peer }) => {
      this.people.delete(peer);
      this.#render();
    });
    on('peer-media', ({ peer, audio, video, recording }) => {
      const p = this.people.get(peer);
      if (p) Object.assign(p, { audio, video, recording: Boolean(recording) });
      this.inCall?.refreshPeer(peer);
      this.#render();
    });
    on('call-ring', ({ name, kind }) => this.#ring(name, kind));
    on('call-state', ({ call }) => this.#onCallState(call));
    on('call-declined', ({ name }) => showError(t('call-declined', { name }), { transient: true }));
    on('signal', ({ from, data }) => this.inCall?.handleSignal(from, data));
    on('chat', (msg) => {
      const m = fromServer(msg, this.myId);
      if (m && this.chatHistory.add(m)) this.chat.add(m);
    });
    on('knock', ({ peer }) => {
      this.knocks.add(peer);
      chime();
    });
    on('knock-ended', ({ peer }) => this.knocks.remove(peer));
    on('room-state', (/** @type {RoomState} */ state) => {
      this.settings = { host: state.host ?? null, open: Boolean(state.open), locked: Boolean(state.locked) };
      this.#render();
    });
    on('error', ({ code }) => this.#onError(code));
    on('close', ({ reason }) => this.#onClose(reason));
    on('reconnecting', () => {
      this.knocks.clear(); // the snapshot after the resume brings the knocks back
      showReconnecting(true);
    });
    on('session-lost', () =>
      this.client.send('join', {
        room: this.room,
        name: this.name,
        ...(this.key && { key: this.key }),
        ...(this.token && { token: this.token }),
      }),
    );
    on('joined', (/** @type {Joined} */ joined) => this.#onJoined(joined));
  }

  /** @param {string} name @param {'video' | 'audio'} kind */
  #ring(name, kind) {
    if (this.inCall) return;
    this.ringing = true;
    this.view.showIncoming(
      { name, kind },
      {
        onAnswer: () => this.joinCall(kind === 'audio' || this.audioOnlyPref),
        onAnswerAudio: () => this.joinCall(true),
        onDecline: () => {
          this.#stopRinging();
          this.client.send('call-decline');
        },
      },
    );
    startRing();
  }

  #stopRinging() {
    if (!this.ringing) return;
    this.ringing = false;
    stopRing();
    this.view.hideIncoming();
  }

  /** @param {Call | null} call */
  #onCallState(call) {
    this.call = call;
    const me = call?.members.find((m) => m.id === this.myId);
    if (call && me) {
      this.#stopRinging();
      // Normally we asked (pending); a call-state listing us without that is still obeyed.
      (this.inCall ?? this.#begin())?.apply(call, me, this.audioOnlyPref);
    } else if (this.inCall?.member || !call) {
      this.#hangUp(false); // hung up elsewhere, removed, or the call is over
    }
    if (!call) this.#stopRinging();
    this.#render();
  }

  /**
   * Back in the room after a reconnect: resumed under our id, or rejoined under a new one.
   * @param {Joined} joined
   */
  #onJoined(joined) {
    showReconnecting(false);
    const resumed = joined.peer === this.myId;
    const wasInCall = Boolean(this.inCall);
    const kind = this.call?.kind ?? 'video';
    if (!resumed) {
      // A new peer id: our links were to the old one, and the others have dropped theirs.
      this.#hangUp(false);
      this.#stopRinging();
      this.myId = joined.peer;
    }
    this.people = new Map(joined.peers.map((p) => [p.id, p]));
    this.settings = { host: joined.host ?? null, open: Boolean(joined.open), locked: Boolean(joined.locked) };
    this.#onCallState(joined.call);
    if (resumed || !wasInCall) return;
    // Back into the call: join it, or (a restarted server knows of none) start it again, which
    // the others, coming back too, join rather than ring (call-start joins a running call).
    if (joined.call) void this.joinCall(this.audioOnlyPref || joined.call.kind === 'audio');
    else void this.startCall(kind);
  }

  /** @param {string} code */
  #onError(code) {
    if (code === 'removed') return this.#removed();
    if (REJOIN_REFUSED.has(code)) showReconnecting(false); // a rejoin after a lost place was refused
    // Signaling someone who just left, or answering a knock someone else answered: normal races.
    if (code === 'peer-not-found') return;
    if (code === 'not-host') this.#render(); // put the toggles back to the room's real state
    if (code === 'no-call' && this.inCall && !this.inCall.member) this.#hangUp(false);
    showError(errorText(code), { transient: TRANSIENT.has(code), check: isConnectionProblem(code) });
  }

  /** @param {string} reason */
  #onClose(reason) {
    showReconnecting(false);
    if (this.left) return;
    this.#stopRinging();
    this.knocks.clear(); // nobody can be admitted through a dead socket
    // Established media keeps flowing: links do not depend on the socket. Lost sockets are
    // replaced by the client; this is the end after which it does not try again.
    if (!this.client.sawError) {
      const code = reason === 'slow-consumer' ? 'slow-consumer' : 'connection-lost';
      showError(errorText(code), { check: isConnectionProblem(code) });
    }
  }

  #render() {
    const members = new Set(this.call?.members.map((m) => m.id));
    const mine = this.inCall?.mine() ?? { audio: false, video: false };
    const host = this.settings.host;
    const me = { id: this.myId, name: this.name, self: true, ...mine, inCall: Boolean(this.inCall?.member), host: host === this.myId };
    const others = [...this.people.values()].map((p) => ({ ...p, self: false, inCall: members.has(p.id), host: host === p.id }));
    this.view.setSettings({ isHost: host === this.myId, open: this.settings.open, locked: this.settings.locked });
    this.view.setPeople([me, ...others], this.call?.kind === 'video');
    this.view.setCall(this.call ? { kind: this.call.kind } : null, this.inCall !== null);
  }
}
