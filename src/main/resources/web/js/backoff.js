// @ts-check
/**
 * When the signaling client tries again after losing its socket (protocol.js). The first retry
 * comes quickly (a proxy restart or a Wi-Fi hand-over is over in a second), then the wait
 * doubles up to the cap, so a server that is down is not hammered.
 */

const RETRY_BASE_MS = 500;
const RETRY_CAP_MS = 8000;

/**
 * The wait before reconnect attempt `attempt` (0-based): exponential with "equal jitter" (half
 * fixed, half random), so that every page of a room that lost the same server does not come
 * back in the same millisecond.
 * @param {number} attempt
 * @param {() => number} [random] in [0, 1)
 */
export function retryDelay(attempt, random = Math.random) {
  const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
