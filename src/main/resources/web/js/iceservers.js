// @ts-check
/**
 * Fresh ICE servers before an ICE restart. TURN credentials are short-lived, so a restart long
 * after the call began may need new ones: `GET /api/ice-servers` answers `{"iceServers": [...]}`
 * (the shape of `welcome.iceServers`). A server without that endpoint (404), or one we cannot
 * reach right now, yields null and the connection keeps the list it has. A server with
 * `--auth join` leaves the relay out of `welcome` and hands it out here for the link's token.
 */

/** The network may be half-down while we restart: do not let a hanging request delay the restart. */
const FETCH_TIMEOUT_MS = 3000;

/** @type {Promise<RTCIceServer[] | null> | null} */
let inflight = null;
/** The server has no such endpoint (404): do not ask again on every restart of this page. */
let absent = false;
/** The link's access token: a server with `--auth join` relays only for token holders. */
let bearer = '';

/** Sends `token` with every request from now on ('' for none). @param {string} token */
export function useAccessToken(token) {
  bearer = token;
}

/** Whether a list holds a relay we may use (an entry with credentials). @param {RTCIceServer[] | undefined} list */
export function hasRelay(list) {
  return (list ?? []).some((s) => Boolean(s.username && s.credential));
}

/** One request at a time: every link restarting together shares it. */
export function freshIceServers() {
  if (absent) return Promise.resolve(null);
  inflight ??= fetch('/api/ice-servers', {
    headers: { accept: 'application/json', ...(bearer && { authorization: `Bearer ${bearer}` }) },
    cache: 'no-store',
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  })
    .then((res) => {
      if (res.status === 404) absent = true;
      return res.ok ? res.json() : null;
    })
    .then((body) => (body && Array.isArray(body.iceServers) ? /** @type {RTCIceServer[]} */ (body.iceServers) : null))
    .catch(() => null)
    .finally(() => {
      inflight = null;
    });
  return inflight;
}
