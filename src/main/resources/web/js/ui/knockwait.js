// @ts-check
/**
 * Waiting at the door: shown over the current screen (pre-join or landing) after `knocking`,
 * until someone inside admits or denies us, or we cancel. The screen underneath stays as it
 * was, so a cancel or a refusal simply returns to it.
 */

import { t } from '../i18n.js';
import { el } from './dom.js';

/**
 * @typedef {{close: () => void}} KnockWaitView
 */

/**
 * @param {{room: string, present: number}} info `present` = people inside who could let us in
 * @param {{onCancel: () => void}} handlers
 * @returns {KnockWaitView}
 */
export function showKnockWait(info, handlers) {
  const focusBefore = document.activeElement;
  const cancel = el('button', { type: 'button', testid: 'knock-cancel', text: t('cancel'), on: { click: () => handlers.onCancel() } });
  const dialog = el(
    'div',
    {
      class: 'modal knock-wait',
      role: 'dialog',
      'aria-modal': 'true',
      'aria-labelledby': 'knock-wait-title',
      'aria-describedby': 'knock-wait-text',
      testid: 'knock-wait',
      dataset: { present: String(info.present) },
    },
    el('h2', { id: 'knock-wait-title', text: t('knock.title', { room: info.room }) }),
    el('div', { class: 'dots', 'aria-hidden': 'true' }, el('span'), el('span'), el('span')),
    el('p', {
      id: 'knock-wait-text',
      class: 'knock-wait-text',
      role: 'status',
      text: t(info.present > 0 ? 'knock.waiting' : 'knock.waiting-empty'),
    }),
    el('div', { class: 'row' }, cancel),
  );
  const backdrop = el('div', { class: 'backdrop' }, dialog);
  /** @param {KeyboardEvent} ev */
  const onKey = (ev) => {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      handlers.onCancel();
    } else if (ev.key === 'Tab') {
      ev.preventDefault(); // the only control: focus stays on it
      cancel.focus();
    }
  };
  document.addEventListener('keydown', onKey);
  document.body.append(backdrop);
  cancel.focus();
  let closed = false;
  return {
    close() {
      if (closed) return;
      closed = true;
      document.removeEventListener('keydown', onKey);
      backdrop.remove();
      if (focusBefore instanceof HTMLElement && focusBefore.isConnected) focusBefore.focus();
    },
  };
}
