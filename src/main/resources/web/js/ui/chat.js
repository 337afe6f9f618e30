// @ts-check
/**
 * The chat panel and its toggle. The panel is a drawer at the right edge (the whole screen on a
 * phone) attached to <body>, not to the room view, so it stays above whatever the room or the
 * call shows; the toggle (with the unread count) is placed by the room in its header. Messages
 * are text only: names and texts go through textContent, and only http(s) addresses become
 * links, built as <a> elements.
 */

import { clock, MAX_CHARS, segments, sendable } from '../chat.js';
import { lang, t } from '../i18n.js';
import { el } from './dom.js';
import { showError } from './errors.js';

/**
 * @typedef {import('../chat.js').ChatMessage} ChatMessage
 * @typedef {{toggle: HTMLButtonElement, add: (m: ChatMessage) => void, destroy: () => void}} ChatPanel
 */

/** Closer than this to the bottom, the list follows new messages. */
const FOLLOW_PX = 48;

/**
 * @param {{messages: ChatMessage[], onSend: (text: string) => boolean}} o the history to show
 *   first, and the sender (false when the message could not go out)
 * @returns {ChatPanel}
 */
export function createChatPanel({ messages, onSend }) {
  const badge = el('span', { class: 'chat-badge', testid: 'chat-unread', 'aria-hidden': 'true', hidden: true });
  const toggle = el(
    'button',
    { type: 'button', class: 'chat-toggle', testid: 'chat-toggle', 'aria-controls': 'chat-panel', 'aria-expanded': 'false' },
    el('span', { text: t('chat.toggle') }),
    badge,
  );
  const list = el('ol', { class: 'chat-list', testid: 'chat-messages', role: 'log', 'aria-labelledby': 'chat-title' });
  const empty = el('p', { class: 'chat-empty muted', text: t('chat.empty') });
  const input = el('textarea', {
    id: 'chat-input',
    testid: 'chat-input',
    maxlength: String(MAX_CHARS),
    rows: '2',
    placeholder: t('chat.placeholder'),
    title: t('chat.hint'),
    enterkeyhint: 'send',
  });
  const send = el('button', { type: 'submit', class: 'primary', testid: 'chat-send', text: t('chat.send') });
  const form = el(
    'form',
    { class: 'chat-form' },
    el('label', { for: 'chat-input', class: 'sr-only', text: t('chat.input') }),
    input,
    send,
  );
  const close = el('button', {
    type: 'button',
    class: 'chat-close',
    testid: 'chat-close',
    'aria-label': t('chat.close'),
    title: t('chat.close'),
    text: '×',
  });
  const panel = el(
    'aside',
    { id: 'chat-panel', class: 'chat-panel', testid: 'chat-panel', 'aria-labelledby': 'chat-title', hidden: true },
    el('header', { class: 'chat-head' }, el('h2', { id: 'chat-title', text: t('chat.title') }), close),
    list,
    empty,
    form,
  );
  document.body.append(panel);

  let unread = 0;

  const showUnread = () => {
    badge.hidden = unread === 0;
    badge.textContent = unread > 99 ? '99+' : String(unread);
    if (unread) toggle.setAttribute('aria-label', `${t('chat.toggle')}, ${t('chat.unread', { count: unread })}`);
    else toggle.removeAttribute('aria-label');
  };

  /** @param {boolean} open @param {{focus?: boolean}} [o] */
  const setOpen = (open, { focus = true } = {}) => {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    document.body.classList.toggle('chat-open', open);
    if (open) {
      unread = 0;
      showUnread();
      list.scrollTop = list.scrollHeight;
      if (focus) input.focus();
    } else if (focus && toggle.isConnected) {
      toggle.focus();
    }
  };

  const submit = () => {
    const text = sendable(input.value);
    if (!text) return;
    // The server echoes the message to everyone, us included: it appears when it comes back.
    if (onSend(text)) input.value = '';
    else showError(t('chat.not-sent'), { transient: true });
    input.focus();
  };

  toggle.addEventListener('click', () => setOpen(panel.hidden));
  close.addEventListener('click', () => setOpen(false));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault(); // never a real form submission
    submit();
  });
  input.addEventListener('keydown', (ev) => {
    // Enter sends; Shift+Enter is a new line; Enter that confirms an IME composition is neither.
    if (ev.key !== 'Enter' || ev.shiftKey || ev.isComposing || ev.keyCode === 229) return;
    ev.preventDefault();
    submit();
  });
  panel.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      setOpen(false);
    }
  });

  /** @param {ChatMessage} m */
  const add = (m) => {
    const follow = m.mine || list.scrollHeight - list.scrollTop - list.clientHeight < FOLLOW_PX;
    list.append(item(m));
    empty.hidden = true;
    if (panel.hidden && !m.mine) {
      unread += 1;
      showUnread();
    }
    if (follow && !panel.hidden) list.scrollTop = list.scrollHeight;
  };

  for (const m of messages) list.append(item(m));
  empty.hidden = messages.length > 0;

  return {
    toggle,
    add,
    destroy() {
      panel.remove();
      document.body.classList.remove('chat-open');
    },
  };
}

/** One message: who, when (local HH:MM) and what, as text; http(s) addresses as links. @param {ChatMessage} m */
function item(m) {
  const text = el('p', { class: 'chat-text' });
  for (const s of segments(m.text)) {
    text.append(s.url ? el('a', { href: s.url, rel: 'noopener noreferrer', target: '_blank', text: s.text }) : s.text);
  }
  const when = new Date(m.at);
  return el(
    'li',
    { class: m.mine ? 'chat-msg mine' : 'chat-msg', testid: 'chat-message', dataset: { mine: String(m.mine) } },
    el(
      'div',
      { class: 'chat-meta' },
      el('span', { class: 'chat-name', text: m.name }),
      el('time', { datetime: when.toISOString(), title: when.toLocaleString(lang), text: clock(m.at) }),
    ),
    text,
  );
}
