// @ts-check
/**
 * The list of people in the room: name, "you", "host", call and media badges, and for the
 * host a "Remove" button on everyone else, confirmed inline (Remove → "Remove Alice?" Remove /
 * Cancel). The list is redrawn on every change; an open confirmation survives the redraws.
 */

import { t } from '../i18n.js';
import { el, replace } from './dom.js';

/**
 * @typedef {{id: string, name: string, self: boolean, audio: boolean, video: boolean, inCall: boolean, host: boolean}} Person
 * @typedef {{videoCall: boolean, canRemove: boolean}} ListOptions
 * @typedef {{set: (people: Person[], options: ListOptions) => void}} PeopleList
 */

/**
 * @param {HTMLElement} list the `<ul>` to fill
 * @param {{onRemove: (id: string) => void}} handlers
 * @returns {PeopleList}
 */
export function createPeopleList(list, handlers) {
  /** @type {Person[]} */
  let people = [];
  /** @type {ListOptions} */
  let options = { videoCall: false, canRemove: false };
  /** The person whose removal is being confirmed, if any. @type {string | null} */
  let confirming = null;

  /** @param {string | null} id @param {string} [focus] the testid to focus after the redraw */
  const confirm = (id, focus) => {
    confirming = id;
    draw();
    if (focus && id) focusIn(id, focus);
  };

  /** @param {string} peer @param {string} testid */
  const focusIn = (peer, testid) => {
    const node = list.querySelector(`li[data-peer="${CSS.escape(peer)}"] [data-testid="${CSS.escape(testid)}"]`);
    if (node instanceof HTMLElement) node.focus();
  };

  /** @param {Person} p */
  const controls = (p) => {
    if (!options.canRemove || p.self) return null;
    if (confirming !== p.id) {
      return el('button', {
        type: 'button',
        class: 'small',
        testid: 'remove',
        'aria-label': `${t('room.remove')} ${p.name}`,
        text: t('room.remove'),
        on: { click: () => confirm(p.id, 'remove-confirm') },
      });
    }
    return el(
      'span',
      { class: 'confirm', role: 'group', testid: 'remove-confirmation' },
      el('span', { class: 'confirm-text', text: t('room.remove-confirm', { name: p.name }) }),
      el('button', {
        type: 'button',
        class: 'small danger',
        testid: 'remove-confirm',
        text: t('room.remove'),
        on: {
          click: () => {
            confirming = null;
            handlers.onRemove(p.id);
            draw();
          },
        },
      }),
      el('button', {
        type: 'button',
        class: 'small',
        testid: 'remove-cancel',
        text: t('cancel'),
        on: {
          click: () => {
            confirm(null);
            focusIn(p.id, 'remove');
          },
        },
      }),
    );
  };

  const draw = () => {
    if (confirming && (!options.canRemove || !people.some((p) => p.id === confirming))) confirming = null;
    // Keep focus on the same control across the redraw (the list changes under the user's hand).
    const active = document.activeElement;
    const focused = active instanceof HTMLElement && list.contains(active)
      ? { peer: active.closest('li')?.dataset.peer, testid: active.dataset.testid }
      : null;
    replace(list, ...people.map((p) => item(p, options.videoCall, controls(p))));
    if (focused?.peer && focused.testid) focusIn(focused.peer, focused.testid);
  };

  return {
    set(next, opts) {
      people = next;
      options = opts;
      draw();
    },
  };
}

/** @param {Person} p @param {boolean} videoCall @param {HTMLElement | null} controls */
function item(p, videoCall, controls) {
  const badges = [
    p.host ? el('span', { class: 'badge host', testid: 'host-badge', text: t('room.host') }) : null,
    p.inCall ? el('span', { class: 'badge call', text: t('room.in-call') }) : null,
    // Mic and camera only mean something while the person is in the call.
    p.inCall && !p.audio ? el('span', { class: 'badge', text: t('room.mic-off') }) : null,
    p.inCall && videoCall && !p.video ? el('span', { class: 'badge', text: t('room.cam-off') }) : null,
  ];
  return el(
    'li',
    {
      testid: 'participant',
      dataset: {
        peer: p.id,
        self: String(p.self),
        audio: String(p.audio),
        video: String(p.video),
        inCall: String(p.inCall),
        host: String(p.host),
      },
    },
    el('span', { class: 'avatar', 'aria-hidden': 'true', text: initial(p.name) }),
    el('span', { class: 'name', text: p.name }),
    p.self ? el('span', { class: 'you', text: `(${t('room.you')})` }) : null,
    ...badges,
    controls,
  );
}

/** @param {string} name */
export function initial(name) {
  return (Array.from(name.trim())[0] ?? '?').toUpperCase();
}
