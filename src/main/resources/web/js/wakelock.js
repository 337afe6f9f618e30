// @ts-check
/**
 * Keeps the screen on during a call where the Screen Wake Lock API exists. The browser drops the
 * lock whenever the page is hidden, so it is taken again when the page is visible again.
 */

/**
 * @param {(state: 'held' | 'released' | 'unsupported') => void} [onChange]
 * @returns {() => void} release: lets the screen sleep again and stops re-acquiring
 */
export function keepScreenOn(onChange = () => {}) {
  const api = /** @type {{request: (type: 'screen') => Promise<any>} | undefined} */ (/** @type {any} */ (navigator).wakeLock);
  if (!api) {
    onChange('unsupported');
    return () => {};
  }
  /** @type {any} */
  let sentinel = null;
  let done = false;
  const acquire = async () => {
    if (done || sentinel || document.visibilityState !== 'visible') return;
    try {
      const s = await api.request('screen');
      if (done) return void s.release().catch(() => {});
      sentinel = s;
      onChange('held');
      s.addEventListener('release', () => {
        if (sentinel === s) sentinel = null;
        onChange('released');
      });
    } catch {
      onChange('released'); // refused (battery saver, no permission): the call goes on
    }
  };
  const onVisible = () => void acquire();
  document.addEventListener('visibilitychange', onVisible);
  void acquire();
  return () => {
    done = true;
    document.removeEventListener('visibilitychange', onVisible);
    sentinel?.release().catch(() => {});
    sentinel = null;
  };
}
