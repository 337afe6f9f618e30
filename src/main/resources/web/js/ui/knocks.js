// @ts-check
/**
 * Knock prompts: "Alice wants to join" with Admit / Deny, one per person at the door, stacked
 * in a corner above everything (the room, the call, the incoming-call modal). A prompt goes
 * when its knock ends (`knock-ended`), whoever resolved it.
 */

import { t } from '../i18n.js';
import { el } from './dom.js';

/**
 * @typedef {{onAdmit: (id: string) => void, onDeny: (id: string) => void}} KnockHandlers
 * @typedef {{
 *   add: (peer: {id: string, name: string}) => void,
 *   remove: (id: string) => void,
 *   clear: () => void,
 * }} KnockPrompts
 */

/**
 * @param {KnockHandlers} handlers
 * @returns {KnockPrompts}
 */
export function createKnockPrompts(handlers) {
  /** @type {Map<string, HTMLElement>} */
  const prompts = new Map();
  const stack = el('section', { class: 'knocks', 'aria-label': t('knock.requests'), 'aria-live': 'polite', hidden: true });
  document.body.append(stack);

  const sync = () => {
    stack.hidden = prompts.size === 0;
  };

  return {
    add(peer) {
      this.remove(peer.id);
      /** @param {boolean} admit */
      const answer = (admit) => {
        for (const b of buttons) b.disabled = true; // one answer; the prompt goes on knock-ended
        if (admit) handlers.onAdmit(peer.id);
        else handlers.onDeny(peer.id);
      };
      const buttons = [
        el('button', { type: 'button', class: 'accent small', testid: 'admit', text: t('knock.admit'), on: { click: () => answer(true) } }),
        el('button', { type: 'button', class: 'small', testid: 'deny', text: t('knock.deny'), on: { click: () => answer(false) } }),
      ];
      const prompt = el(
        'div',
        { class: 'knock', role: 'group', testid: 'knock-request', dataset: { peer: peer.id } },
        el('p', { class: 'knock-text', text: t('knock.wants', { name: peer.name }) }),
        el('div', { class: 'row' }, ...buttons),
      );
      prompts.set(peer.id, prompt);
      stack.append(prompt);
      sync();
    },
    remove(id) {
      const prompt = prompts.get(id);
      if (!prompt) return;
      const hadFocus = prompt.contains(document.activeElement);
      prompt.remove();
      prompts.delete(id);
      sync();
      const next = hadFocus ? stack.querySelector('button:not(:disabled)') : null;
      if (next instanceof HTMLElement) next.focus(); // keep the keyboard in the stack
    },
    clear() {
      for (const id of [...prompts.keys()]) this.remove(id);
      stack.remove();
    },
  };
}
