// @ts-check
/**
 * The ring of an incoming call (two short beeps every two seconds) and the knock chime,
 * synthesized with WebAudio (no audio files). Browsers may block audio before the first user gesture; then the ring is
 * silent and nothing throws — the modal is the real signal.
 */

/** @type {AudioContext | null} */
let ctx = null;
/** @type {ReturnType<typeof setInterval> | undefined} */
let timer;

/** @param {AudioContext} audio @param {number} at seconds on the context clock */
function beep(audio, at) {
  const osc = audio.createOscillator();
  const gain = audio.createGain();
  osc.type = 'sine';
  osc.frequency.value = 880;
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.35);
  osc.connect(gain).connect(audio.destination);
  osc.start(at);
  osc.stop(at + 0.4);
}

function ringOnce() {
  try {
    if (!ctx || ctx.state !== 'running') return;
    const now = ctx.currentTime;
    beep(ctx, now);
    beep(ctx, now + 0.5);
  } catch {
    // a closed or broken audio device: stay silent
  }
}

/** Starts ringing (idempotent). */
export function startRing() {
  if (timer !== undefined) return;
  try {
    if (typeof AudioContext !== 'undefined') {
      ctx = new AudioContext();
      ctx.resume().then(ringOnce, () => {});
    }
  } catch {
    ctx = null;
  }
  timer = setInterval(ringOnce, 2000);
}

/** Stops ringing and releases the audio device. */
export function stopRing() {
  clearInterval(timer);
  timer = undefined;
  ctx?.close().catch(() => {});
  ctx = null;
}

/**
 * One short, soft two-note chime (someone is knocking). Silent where audio is not allowed yet;
 * its own short-lived context, so it never disturbs a ring.
 */
export function chime() {
  try {
    if (typeof AudioContext === 'undefined') return;
    const audio = new AudioContext();
    audio.resume().then(() => {
      const now = audio.currentTime;
      for (const [i, freq] of [660, 880].entries()) {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        const at = now + i * 0.18;
        osc.type = 'sine';
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.08, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.3);
        osc.connect(gain).connect(audio.destination);
        osc.start(at);
        osc.stop(at + 0.32);
      }
    }, () => {});
    // Closed in any case, also when resume() never settles (audio not allowed on this page yet).
    setTimeout(() => audio.close().catch(() => {}), 1500);
  } catch {
    // no audio device: the prompt is the real signal
  }
}
