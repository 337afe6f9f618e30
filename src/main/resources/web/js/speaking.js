// @ts-check
/**
 * Who is speaking: an audio level per interval from the `totalAudioEnergy`/`totalSamplesDuration`
 * counters of an RTP stream's stats (inbound-rtp for a remote peer, media-source for our mic),
 * falling back to the instantaneous `audioLevel` where the counters are missing.
 *
 * Averaging over the polling interval (~100 ms) is the "for a moment": a click does not light a
 * tile, a syllable does. The scale is the browser's level (0..1, full scale 1); speech after the
 * browser's gain control sits well above the threshold, background noise well below it.
 */

/** Level above which a tile shows as speaking. */
export const SPEAKING_LEVEL = 0.1;

/**
 * @typedef {{energy: number, duration: number, level: number}} Energy
 */

/**
 * The audio counters of the first stat of `type` (and kind audio) in a report.
 * @param {{forEach: (fn: (stat: any) => void) => void}} report
 * @param {'inbound-rtp' | 'media-source'} type
 * @returns {Energy | null}
 */
export function energyOf(report, type) {
  /** @type {Energy | null} */
  let found = null;
  report.forEach((s) => {
    if (found || s.type !== type || s.kind !== 'audio') return;
    found = { energy: s.totalAudioEnergy ?? 0, duration: s.totalSamplesDuration ?? 0, level: s.audioLevel ?? 0 };
  });
  return found;
}

/**
 * The level over the interval between two readings of the same stream, 0..1.
 * @param {Energy | null | undefined} prev
 * @param {Energy} cur
 */
export function levelBetween(prev, cur) {
  const dt = prev ? cur.duration - prev.duration : 0;
  if (prev && dt > 0) return Math.min(1, Math.sqrt(Math.max(0, cur.energy - prev.energy) / dt));
  return cur.level;
}
