// @ts-check
/**
 * The room's settings: for the host two toggles ("Anyone with the code can enter", "Lock
 * room"); for everyone else a line saying so when the room is open or locked. The toggles show
 * the server's state: a click asks for a change, and `room-state` confirms (or puts it back).
 */

import { t } from '../i18n.js';
import { el } from './dom.js';

/**
 * @typedef {{isHost: boolean, open: boolean, locked: boolean}} RoomSettings
 * @typedef {{onSetOpen: (open: boolean) => void, onSetLocked: (locked: boolean) => void}} HostHandlers
 * @typedef {{node: HTMLElement, set: (settings: RoomSettings) => void}} HostControls
 */

/**
 * @param {HostHandlers} handlers
 * @returns {HostControls}
 */
export function createHostControls(handlers) {
  /** @param {string} id @param {string} label @param {(on: boolean) => void} onChange */
  const toggle = (id, label, onChange) => {
    const input = el('input', {
      id,
      testid: id,
      type: 'checkbox',
      on: { change: () => onChange(input.checked) },
    });
    return { input, row: el('div', { class: 'check' }, input, el('label', { for: id, text: label })) };
  };
  const open = toggle('room-open', t('room.open'), (on) => handlers.onSetOpen(on));
  const lock = toggle('room-lock', t('room.lock'), (on) => handlers.onSetLocked(on));
  const panel = el(
    'fieldset',
    { class: 'host-controls', testid: 'host-controls', hidden: true },
    el('legend', { text: t('room.settings') }),
    open.row,
    lock.row,
  );
  const status = el('p', { class: 'room-status muted', testid: 'room-status', role: 'status', hidden: true });
  const node = el('div', { class: 'room-settings' }, panel, status);

  return {
    node,
    set({ isHost, open: isOpen, locked }) {
      panel.hidden = !isHost;
      open.input.checked = isOpen;
      lock.input.checked = locked;
      // The host sees the toggles; the others are told what they mean for newcomers.
      const text = isHost ? '' : locked ? t('room.is-locked') : isOpen ? t('room.is-open') : '';
      status.textContent = text;
      status.hidden = !text;
      node.dataset.open = String(isOpen);
      node.dataset.locked = String(locked);
    },
  };
}
