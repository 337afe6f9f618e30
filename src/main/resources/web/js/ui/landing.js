// @ts-check
/** The landing page: create a room, join one by code, or start/join a call in one step. */

import { t } from '../i18n.js';
import { el, mount } from './dom.js';

/**
 * @typedef {{
 *   onCreate: () => void,
 *   onJoinCode: (code: string) => void,
 *   onStartCall: (code: string) => void,
 * }} LandingHandlers
 * @typedef {{setBusy: (busy: boolean) => void}} LandingView
 */

/**
 * @param {LandingHandlers} handlers
 * @param {{code?: string}} [initial]
 * @returns {LandingView}
 */
export function renderLanding(handlers, initial = {}) {
  const input = el('input', {
    id: 'room-code',
    testid: 'room-code-input',
    type: 'text',
    inputmode: 'text',
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
    maxlength: '300',
    placeholder: t('landing.code-placeholder'),
    value: initial.code ?? '',
  });
  const create = el('button', {
    type: 'button',
    class: 'primary',
    testid: 'create-room',
    text: t('landing.create'),
    on: { click: () => handlers.onCreate() },
  });
  const join = el('button', { type: 'submit', testid: 'join-by-code', text: t('landing.join') });
  const start = el('button', {
    type: 'button',
    class: 'accent',
    testid: 'start-call',
    text: t('landing.start'),
    on: { click: () => handlers.onStartCall(input.value.trim()) },
  });
  const form = el(
    'form',
    {
      class: 'code-form',
      on: {
        submit: (ev) => {
          ev.preventDefault();
          handlers.onJoinCode(input.value.trim());
        },
      },
    },
    el('label', { for: 'room-code', text: t('landing.code-label') }),
    el('div', { class: 'row' }, input, join),
  );
  const view = el(
    'section',
    { class: 'card landing', testid: 'landing' },
    el('h1', { class: 'brand', text: 'Parley' }),
    el('p', { class: 'muted', text: t('app.tagline') }),
    el('div', { class: 'stack' }, create, start),
    el('p', { class: 'divider', text: t('landing.or') }),
    form,
    el('p', { class: 'site-footer muted' },
      el('a', { href: '/check', testid: 'check-link', title: t('check.link-hint'), text: t('check.link') })),
  );
  mount(view);
  const buttons = [create, join, start];
  return {
    setBusy(busy) {
      for (const b of buttons) b.disabled = busy;
      view.setAttribute('aria-busy', String(busy));
    },
  };
}
