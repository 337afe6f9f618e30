// @ts-check
/**
 * Fresh ICE servers before an ICE restart. TURN credentials are short-lived, so a restart long
 * after the call began may need new ones: `GET /api/ice-servers` answers `{"iceServers": [...]}`
 * (the shape of `welcome.iceServers`). A server without that endpoint (404), or one we cannot
 * reach right now, yields null and the connection keeps the list it has.
 */

/** The network may be half-down while we restart: do not let a hanging request delay the restart. */
const FETCH_TIMEOUT_MS = 3000;

/** @type {Promise<RTCIceServer[] | null> | null} */
let inflight = null;
/** The server has no such endpoint (404): do not ask again on every restart of this page. */
let absent = false;

/** One request at a time: every link restarting together shares it. */
export function freshIceServers() {
  if (absent) return Promise.resolve(null);
  inflight ??= fetch('/api/ice-servers', {
    headers: { accept: 'application/json' },
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
