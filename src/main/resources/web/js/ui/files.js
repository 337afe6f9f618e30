// @ts-check
/**
 * The file-transfer list in the call view: one row per transfer (per recipient when we send to
 * several people), with accept/decline for offers, a progress bar and cancel while it runs, and
 * the outcome afterwards. Names are other people's data: text only.
 */

import { lang, t } from '../i18n.js';
import { el, replace } from './dom.js';

/**
 * @typedef {'offered' | 'waiting' | 'sending' | 'receiving' | 'done' | 'cancelled' | 'declined' | 'failed' | 'too-big'} FileState
 * @typedef {{setState: (state: FileState) => void, progress: (done: number) => void}} FileRow
 * @typedef {{dir: 'in' | 'out', who: string, name: string, size: number,
 *   onAccept?: () => void, onDecline?: () => void, onCancel: () => void}} RowInfo
 * @typedef {{root: HTMLElement, add: (info: RowInfo) => FileRow, clear: () => void}} FilesPanel
 */

/** A finished row stays this long, unless closed earlier. */
const KEEP_MS = 20_000;
const FINAL = new Set(['done', 'cancelled', 'declined', 'failed', 'too-big']);

/** "5.2 MB", in the page's language. @param {number} bytes */
export function humanSize(bytes) {
  const units = ['files.b', 'files.kb', 'files.mb', 'files.gb'];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  const fmt = new Intl.NumberFormat(lang, { maximumFractionDigits: i === 0 ? 0 : 1 });
  return t(units[i], { n: fmt.format(n) });
}

/** @returns {FilesPanel} */
export function createFilesPanel() {
  const list = el('ul', { class: 'files-list' });
  const root = el('section', { class: 'files', testid: 'files', 'aria-label': t('files.title'), hidden: true }, list);
  const sync = () => {
    root.hidden = list.children.length === 0;
  };

  return {
    root,
    add({ dir, who, name, size, onAccept, onDecline, onCancel }) {
      const status = el('span', { class: 'file-status', role: 'status' });
      const actions = el('div', { class: 'file-actions' });
      const row = el(
        'li',
        { class: 'file', testid: 'file-transfer', dataset: { dir, state: '' } },
        el('span', { class: 'file-who', text: t(dir === 'in' ? 'files.from' : 'files.to', { name: who }) }),
        el('span', { class: 'file-name', testid: 'file-name', text: name }),
        el('span', { class: 'file-size', text: humanSize(size) }),
        status,
        actions,
      );
      list.append(row);
      sync();
      /** @type {HTMLProgressElement | null} */
      let bar = null;
      const button = (/** @type {string} */ testid, /** @type {string} */ label, /** @type {() => void} */ fn, cls = '') =>
        el('button', { type: 'button', class: `small ${cls}`, testid, text: label, on: { click: fn } });
      const remove = () => {
        row.remove();
        sync();
      };
      const cancel = () => button('file-cancel', t('files.cancel'), onCancel);

      return {
        setState(state) {
          if (row.dataset.state === state) return;
          row.dataset.state = state;
          if (FINAL.has(state) || state === 'offered' || state === 'waiting') {
            bar?.remove();
            bar = null;
          }
          status.textContent = t(`files.state.${state}${FINAL.has(state) ? `-${dir}` : ''}`, { name: who });
          if (state === 'offered') {
            replace(actions, button('file-accept', t('files.accept'), () => onAccept?.(), 'accent'), button('file-decline', t('files.decline'), () => onDecline?.()));
          } else if (state === 'waiting') {
            replace(actions, cancel());
          } else if (state === 'sending' || state === 'receiving') {
            bar = el('progress', { class: 'file-progress', testid: 'file-progress', max: String(Math.max(1, size)), value: '0' });
            row.insertBefore(bar, actions);
            replace(actions, cancel());
          } else {
            replace(actions, el('button', { type: 'button', class: 'small', testid: 'file-dismiss', 'aria-label': t('files.dismiss'), title: t('files.dismiss'), text: '×', on: { click: remove } }));
            setTimeout(remove, KEEP_MS);
          }
        },
        progress(done) {
          if (bar) bar.value = Math.min(done, bar.max);
        },
      };
    },
    clear() {
      replace(list);
      sync();
    },
  };
}
