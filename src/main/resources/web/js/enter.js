// @ts-check
/**
 * Entering a room: open the signaling socket, `join`, and hand the socket to a Session on
 * `joined`. Until then, errors (server unreachable, room full, bad room) are shown from here and
 * the caller's form stays usable for a retry.
 */

import { stopStream } from './media.js';
import { errorText } from './i18n.js';
import { SignalingClient } from './protocol.js';
import { Session } from './session.js';
import { clearError, currentError, showError } from './ui/errors.js';

/** The message of the last failed attempt, cleared when the user tries again. */
let joinError = '';

/**
 * Connects, joins and hands over to a Session. Returns false (with the error shown) when the
 * server is unreachable or refuses the join (room full, bad room), so the form can be retried.
 * @param {{
 *   room: string, name: string,
 *   media: Promise<MediaStream | null>, // the local stream, maybe still opening
 *   autoCall: boolean, // enter the call at once (landing's "Start / join call")
 *   choice: {audioId?: string, videoId?: string, speakerId?: string}, audioOnly: boolean,
 *   beforeRoom: () => void, // called just before the room view replaces the current one
 * }} o
 * @returns {Promise<boolean>}
 */
export async function enterRoom({ room, name, media, autoCall, choice, audioOnly, beforeRoom }) {
  if (joinError && currentError() === joinError) clearError(); // a retry: the old reason is stale
  const client = new SignalingClient();
  // Until the session takes over, errors (unreachable server, room full, bad room) are shown here.
  const showUntilJoined = (/** @type {Event} */ ev) => {
    joinError = errorText(/** @type {CustomEvent} */ (ev).detail.code);
    showError(joinError);
  };
  client.addEventListener('error', showUntilJoined);
  let welcome;
  try {
    welcome = await client.connect();
  } catch {
    client.close();
    return false; // the client's `error` event was shown by showUntilJoined
  }
  const joined = await new Promise((resolve) => {
    const onJoined = (/** @type {Event} */ ev) => done(/** @type {CustomEvent} */ (ev).detail);
    const onFail = () => done(null);
    const done = (/** @type {any} */ value) => {
      client.removeEventListener('joined', onJoined);
      client.removeEventListener('error', onFail);
      client.removeEventListener('close', onFail);
      resolve(value);
    };
    client.addEventListener('joined', onJoined);
    client.addEventListener('error', onFail);
    client.addEventListener('close', onFail);
    client.send('join', { room, name });
  });
  client.removeEventListener('error', showUntilJoined);
  if (!joined) {
    if (!client.sawError) showError((joinError = errorText('connection-lost')));
    client.close();
    return false;
  }
  // No await from `joined` to `new Session`: the session must listen before the next message.
  beforeRoom();
  if (autoCall) history.replaceState(null, '', `${location.pathname}?room=${encodeURIComponent(room)}`);
  const session = new Session({
    client,
    welcome,
    joined,
    name,
    link: `${location.origin}${location.pathname}?room=${encodeURIComponent(room)}`,
    // Only a call about to start keeps the pre-join stream; sitting in the room keeps no camera on.
    media: autoCall ? media : media.then((s) => (stopStream(s), null)),
    choice,
    audioOnly,
  });
  window.addEventListener('pagehide', () => session.pageHide());
  if (autoCall) session.autoCall();
  return true;
}
