// @ts-check
/**
 * Entering a room: open the signaling socket, `join`, and hand the socket to a Session on
 * `joined` (at once with a key, or after knocking and being admitted). Until then, errors (server
 * unreachable, room full, locked, knock denied) are shown from here and the caller's form stays
 * usable for a retry.
 */

import { stopStream } from './media.js';
import { errorText } from './i18n.js';
import { keyFromHash, roomLink, shareableToken } from './links.js';
import { freshIceServers, hasRelay, useAccessToken } from './iceservers.js';
import { SignalingClient } from './protocol.js';
import { Session } from './session.js';
import { clearError, currentError, isConnectionProblem, showError } from './ui/errors.js';
import { showKnockWait } from './ui/knockwait.js';

/** The message of the last failed attempt, cleared when the user tries again. */
let joinError = '';

/** Shows why we are out of a room (removed by the host); the next attempt clears it. @param {string} message */
export function showEntryError(message) {
  showError((joinError = message));
}

/**
 * Connects, joins and hands over to a Session. Without a valid key the server may put us at
 * the door (`knocking`): we wait there, over the current screen, until admitted (`joined`),
 * denied (an error) or the user cancels. Returns false (with the error shown, if any) when the
 * server is unreachable, refuses the join (room full, locked, not found, knock denied) or the
 * knock is cancelled, so the form can be retried.
 * @param {{
 *   room: string, name: string,
 *   key: string, // the room key from the link ('' = none: knock unless the room lets us in)
 *   token?: string, // the access token from the link ('' = none; needed where the server asks)
 *   media: Promise<MediaStream | null>, // the local stream, maybe still opening
 *   autoCall: boolean, // enter the call at once (landing's "Start / join call")
 *   choice: {audioId?: string, videoId?: string, speakerId?: string}, audioOnly: boolean,
 *   beforeRoom: () => void, // called just before the room view replaces the current one
 *   onRemoved: (message: string) => void, // the host removed us: the session is over
 * }} o
 * @returns {Promise<boolean>}
 */
export async function enterRoom({ room, name, key, token = '', media, autoCall, choice, audioOnly, beforeRoom, onRemoved }) {
  if (joinError && currentError() === joinError) clearError(); // a retry: the old reason is stale
  const client = new SignalingClient();
  // Until the session takes over, errors (unreachable server, room full, bad room) are shown here.
  const showUntilJoined = (/** @type {Event} */ ev) => {
    const code = /** @type {CustomEvent} */ (ev).detail.code;
    joinError = errorText(code);
    showError(joinError, { check: isConnectionProblem(code) });
  };
  client.addEventListener('error', showUntilJoined);
  let welcome;
  try {
    welcome = await client.connect();
  } catch {
    client.close();
    return false; // the client's `error` event was shown by showUntilJoined
  }
  // A server that relays only for token holders left the relay out of `welcome`: ask for it now,
  // while the join goes on, so that it is there when a call starts.
  useAccessToken(token);
  const relay = token && !hasRelay(welcome.iceServers) ? freshIceServers() : null;
  let cancelled = false;
  const joined = await new Promise((resolve) => {
    /** @type {import('./ui/knockwait.js').KnockWaitView | null} */
    let waiting = null;
    const onJoined = (/** @type {Event} */ ev) => done(/** @type {CustomEvent} */ (ev).detail);
    const onFail = () => done(null);
    const onKnocking = (/** @type {Event} */ ev) => {
      if (joinError && currentError() === joinError) clearError();
      waiting?.close();
      const present = Number(/** @type {CustomEvent} */ (ev).detail.present) || 0;
      waiting = showKnockWait({ room, present }, {
        onCancel() {
          cancelled = true;
          client.send('leave');
          done(null);
        },
      });
    };
    const done = (/** @type {any} */ value) => {
      waiting?.close();
      waiting = null;
      client.removeEventListener('joined', onJoined);
      client.removeEventListener('knocking', onKnocking);
      client.removeEventListener('error', onFail);
      client.removeEventListener('close', onFail);
      resolve(value);
    };
    client.addEventListener('joined', onJoined);
    client.addEventListener('knocking', onKnocking);
    client.addEventListener('error', onFail);
    client.addEventListener('close', onFail);
    client.send('join', { room, name, ...(key && { key }), ...(token && { token }) });
  });
  client.removeEventListener('error', showUntilJoined);
  if (!joined) {
    if (!client.sawError && !cancelled) showError((joinError = errorText('connection-lost')), { check: true });
    client.close();
    return false;
  }
  // No await from `joined` to `new Session`: the session must listen before the next message.
  beforeRoom();
  const code = typeof joined.room === 'string' ? joined.room : room;
  const roomKey = typeof joined.key === 'string' ? keyFromHash(joined.key) : key;
  // The address bar keeps key and token: a reload enters directly. The share link carries the
  // token only if it was made for this very room (never an every-room token).
  history.replaceState(null, '', roomLink(code, roomKey, false, token));
  const session = new Session({
    client,
    welcome,
    relay,
    joined,
    name,
    link: roomLink(code, roomKey, true, shareableToken(token, code)),
    // For a rejoin: the link's own key (a named room's standing key opens it even on a restarted
    // server), else the room's key (we knocked our way in).
    key: key || roomKey,
    // and the access token, where the server asks for one.
    token,
    // Only a call about to start keeps the pre-join stream; sitting in the room keeps no camera on.
    media: autoCall ? media : media.then((s) => (stopStream(s), null)),
    choice,
    audioOnly,
    onRemoved,
  });
  window.addEventListener('pagehide', () => session.pageHide());
  if (autoCall) session.autoCall();
  return true;
}
