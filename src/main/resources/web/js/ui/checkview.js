// @ts-check
/**
 * The `/check` page's view: one row per check (name, status, human detail), the plain-text
 * report in a <pre> and the buttons. Test ids: `check-NAME` per row, `check-NAME-status` (its
 * `data-status` is `waiting`, `running`, `ok`, `failed` or `skipped`), `check-NAME-detail`,
 * `check-report`, `copy-report`, `check-again`; the section's `data-state` is `done` when every
 * check has finished.
 */

import { t } from '../i18n.js';
import { el, mount, replace } from './dom.js';
import { copyButton } from './share.js';

/**
 * @typedef {'waiting' | 'running' | 'ok' | 'failed' | 'skipped'} RowStatus
 * @typedef {{setStatus: (name: string, status: RowStatus, detail?: string) => void,
 *   setReport: (text: string) => void, setDone: (done: boolean) => void}} CheckView
 */

/**
 * @param {readonly string[]} names the checks, in order
 * @param {{onAgain: () => void}} handlers
 * @returns {CheckView}
 */
export function renderCheck(names, handlers) {
  /** @type {Map<string, {status: HTMLElement, detail: HTMLElement}>} */
  const rows = new Map();
  const list = el('ul', { class: 'checks' });
  for (const name of names) {
    const status = el('span', { class: 'check-status', testid: `check-${name}-status` });
    const detail = el('p', { class: 'check-detail muted', testid: `check-${name}-detail` });
    list.append(el('li', { class: 'check-row', testid: `check-${name}` },
      el('span', { class: 'check-name', text: t(`check.row.${name}`) }), status, detail));
    rows.set(name, { status, detail });
  }
  let reportText = '';
  const report = el('pre', { class: 'check-report', testid: 'check-report' });
  const again = el('button', { type: 'button', testid: 'check-again', text: t('check.again'), on: { click: () => handlers.onAgain() } });
  const copy = copyButton({ testid: 'copy-report', label: t('check.copy'), text: () => reportText, className: 'primary' });
  const summary = el('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  const view = el(
    'section',
    { class: 'card check-page', testid: 'check' },
    el('h1', { text: t('check.title') }),
    el('p', { class: 'muted', text: t('check.intro') }),
    list,
    summary,
    el('div', { class: 'row' }, copy, again),
    el('h2', { class: 'check-report-title', text: t('check.report') }),
    report,
    el('p', {}, el('a', { href: '/', text: t('check.home') })),
  );
  mount(view);
  return {
    setStatus(name, status, detail = '') {
      const row = rows.get(name);
      if (!row) return;
      row.status.dataset.status = status;
      row.status.textContent = t(`check.status.${status}`);
      row.detail.textContent = detail;
    },
    setReport(text) {
      reportText = text;
      replace(report, text);
    },
    setDone(done) {
      view.dataset.state = done ? 'done' : 'running';
      view.setAttribute('aria-busy', String(!done));
      again.disabled = !done;
      copy.disabled = !done;
      summary.textContent = done ? t('check.done') : t('check.running');
    },
  };
}
