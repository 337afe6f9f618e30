// @ts-check
/**
 * Connection quality of one peer connection from two `getStats()` samples: round-trip time of the
 * selected candidate pair, packet loss and inbound bitrate over the interval between them.
 * Pure functions of the reports, so they work on plain objects as well as on RTCStatsReports.
 */

/**
 * @typedef {{at: number, rtt: number | null, lost: number, received: number, bytes: number}} Sample
 * @typedef {'good' | 'fair' | 'poor'} Level
 * @typedef {{level: Level, rtt: number | null, loss: number | null, kbps: number | null}} Quality
 *   `rtt` in ms; `loss` in percent over the interval; `kbps` inbound kbit/s (audio + video)
 */

/** Above these the connection is "fair", then "poor". */
const FAIR = { rttMs: 150, lossPct: 1 };
const POOR = { rttMs: 400, lossPct: 5 };

/**
 * @param {{forEach: (fn: (stat: any) => void) => void, get?: (id: string) => any}} report
 * @param {number} [at] the report's time (ms); defaults to now
 * @returns {Sample}
 */
export function sampleOf(report, at = Date.now()) {
  let lost = 0;
  let received = 0;
  let bytes = 0;
  /** @type {any} */
  let pair = null;
  /** @type {string | null} */
  let selected = null;
  const pairs = new Map();
  report.forEach((s) => {
    if (s.type === 'inbound-rtp') {
      lost += Math.max(0, s.packetsLost ?? 0);
      received += s.packetsReceived ?? 0;
      bytes += s.bytesReceived ?? 0;
    } else if (s.type === 'transport' && s.selectedCandidatePairId) {
      selected = s.selectedCandidatePairId;
    } else if (s.type === 'candidate-pair') {
      pairs.set(s.id, s);
      if (s.nominated && s.state === 'succeeded' && !pair) pair = s;
    }
  });
  if (selected && pairs.has(selected)) pair = pairs.get(selected);
  const rtt = typeof pair?.currentRoundTripTime === 'number' ? pair.currentRoundTripTime * 1000 : null;
  return { at, rtt, lost, received, bytes };
}

/**
 * @param {Sample | null} prev the previous sample of the same connection, null for the first
 * @param {Sample} cur
 * @returns {Quality}
 */
export function qualityBetween(prev, cur) {
  let loss = null;
  let kbps = null;
  if (prev && cur.at > prev.at) {
    const lost = Math.max(0, cur.lost - prev.lost);
    const got = Math.max(0, cur.received - prev.received);
    loss = lost + got > 0 ? (100 * lost) / (lost + got) : 0;
    kbps = (Math.max(0, cur.bytes - prev.bytes) * 8) / (cur.at - prev.at);
  }
  return { level: levelOf(cur.rtt, loss), rtt: cur.rtt, loss, kbps };
}

/** @param {number | null} rtt ms @param {number | null} loss percent @returns {Level} */
export function levelOf(rtt, loss) {
  const r = rtt ?? 0;
  const l = loss ?? 0;
  if (r > POOR.rttMs || l > POOR.lossPct) return 'poor';
  if (r > FAIR.rttMs || l > FAIR.lossPct) return 'fair';
  return 'good';
}
