// @ts-check
/**
 * The room screen: room code and sharing (link, invitation, QR: share.js), the chat toggle,
 * the people present (people.js), the host's settings (hostcontrols.js), call buttons, the "call in progress — Join" banner, the
 * incoming-call modal and the stage the call view uses.
 */

import { t } from '../i18n.js';
import { el, mount } from './dom.js';
import { createHostControls } from './hostcontrols.js';
import { createPeopleList } from './people.js';
import { copyButton, createInvitePanel, shareButton, shareMessage } from './share.js';

export { initial } from './people.js';

/**
 * @typedef {import('./people.js').Person} Person
 * @typedef {import('./hostcontrols.js').RoomSettings} RoomSettings
 * @typedef {{kind: 'video' | 'audio'} | null} RunningCall
 * @typedef {{
 *   onVideoCall: () => void, onAudioCall: () => void, onJoinCall: () => void, onLeaveRoom: () => void,
 *   onSetOpen: (open: boolean) => void, onSetLocked: (locked: boolean) => void, onRemove: (id: string) => void,
 * }} RoomHandlers
 * @typedef {{onAnswer: () => void, onAnswerAudio: () => void, onDecline: () => void}} IncomingHandlers
 * @typedef {{
 *   stage: HTMLElement,
 *   setPeople: (people: Person[], videoCall: boolean) => void,
 *   setSettings: (settings: RoomSettings) => void,
 *   setCall: (call: RunningCall, member: boolean) => void,
 *   showIncoming: (call: {name: string, kind: string}, handlers: IncomingHandlers) => void,
 *   hideIncoming: () => void,
 * }} RoomView
 */

/**
 * @param {{room: string, link: string, chatToggle?: HTMLElement}} info the room, its full link, and
 *   the chat's toggle button (the chat panel itself lives at the page level: ui/chat.js)
 * @param {RoomHandlers} handlers
 * @returns {RoomView}
 */
export function renderRoom(info, handlers) {
  // The full link, key included: whoever opens it enters without knocking.
  const linkInput = el('input', { id: 'room-link', testid: 'share-link', type: 'text', readonly: true, value: info.link });
  linkInput.addEventListener('focus', () => linkInput.select());
  const invite = createInvitePanel(info);

  const header = el(
    'header',
    { class: 'room-head' },
    el('h1', {}, t('room.title', { room: '' }), el('span', { class: 'code', testid: 'room-code', text: info.room })),
    el(
      'div',
      { class: 'share row' },
      el('label', { for: 'room-link', class: 'sr-only', text: t('room.link') }),
      linkInput,
      copyButton({ testid: 'copy-link', label: t('room.copy'), text: () => info.link }),
      copyButton({ testid: 'copy-message', label: t('share.copy-message'), text: () => shareMessage(info) }),
      shareButton(info, () => invite.reveal()),
      info.chatToggle,
      el('button', { type: 'button', class: 'danger', testid: 'leave-room', text: t('room.leave'), on: { click: () => handlers.onLeaveRoom() } }),
    ),
  );

  const bannerText = el('span', {});
  const banner = el(
    'div',
    { class: 'call-banner', testid: 'call-banner', role: 'status', hidden: true },
    bannerText,
    el('button', { type: 'button', class: 'accent', testid: 'join-call', text: t('room.join-call'), on: { click: () => handlers.onJoinCall() } }),
  );
  const actions = el(
    'div',
    { class: 'call-actions row' },
    el('button', { type: 'button', class: 'primary', testid: 'video-call', text: t('room.video-call'), on: { click: () => handlers.onVideoCall() } }),
    el('button', { type: 'button', testid: 'audio-call', text: t('room.audio-call'), on: { click: () => handlers.onAudioCall() } }),
  );
  const peopleTitle = el('h2', {});
  const list = el('ul', { class: 'people', testid: 'participants' });
  const alone = el('p', { class: 'muted', text: t('room.alone') });
  const peopleList = createPeopleList(list, { onRemove: (id) => handlers.onRemove(id) });
  const settings = createHostControls({ onSetOpen: handlers.onSetOpen, onSetLocked: handlers.onSetLocked });
  let isHost = false;
  const stage = el('div', { class: 'stage', hidden: true });
  const view = el(
    'section',
    { class: 'room', testid: 'room' },
    header,
    el('div', { class: 'room-body' }, stage, el('aside', { class: 'room-side' }, banner, actions, peopleTitle, list, alone, invite.node, settings.node)),
  );
  mount(view);

  /** @type {HTMLElement | null} */
  let modal = null;
  /** @type {Element | null} */
  let focusBefore = null;
  /** Escape declines and Tab stays inside while the modal is up. @type {(ev: KeyboardEvent) => void} */
  let onKey = () => {};

  return {
    stage,
    setPeople(people, videoCall) {
      peopleTitle.textContent = t('room.people', { count: people.length });
      alone.hidden = people.length > 1;
      peopleList.set(people, { videoCall, canRemove: isHost });
    },
    setSettings(s) {
      isHost = s.isHost;
      settings.set(s);
    },
    setCall(call, member) {
      banner.hidden = !call || member;
      bannerText.textContent = call ? t(call.kind === 'audio' ? 'room.call-audio' : 'room.call-video') : '';
      actions.hidden = Boolean(call);
      stage.hidden = !member;
      view.classList.toggle('in-call', member);
      invite.setInCall(member);
    },
    showIncoming(call, h) {
      this.hideIncoming();
      focusBefore = document.activeElement;
      const answer = el('button', { type: 'button', class: 'accent', testid: 'answer', text: t('incoming.answer'), on: { click: h.onAnswer } });
      const buttons = [
        answer,
        el('button', { type: 'button', testid: 'answer-audio', text: t('incoming.answer-audio'), on: { click: h.onAnswerAudio } }),
        el('button', { type: 'button', class: 'danger', testid: 'decline', text: t('incoming.decline'), on: { click: h.onDecline } }),
      ];
      const dialog = el(
        'div',
        { class: 'modal', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'incoming-title', 'aria-describedby': 'incoming-from', testid: 'incoming-call', dataset: { kind: call.kind } },
        el('h2', { id: 'incoming-title', text: t(call.kind === 'audio' ? 'incoming.audio' : 'incoming.video') }),
        el('p', { id: 'incoming-from', class: 'caller', testid: 'caller-name', text: t('incoming.from', { name: call.name }) }),
        el('div', { class: 'row' }, ...buttons),
      );
      modal = el('div', { class: 'backdrop' }, dialog);
      onKey = (ev) => {
        if (ev.key === 'Escape') {
          ev.preventDefault();
          h.onDecline();
        } else if (ev.key === 'Tab') {
          // keep focus inside the dialog
          const i = buttons.indexOf(/** @type {HTMLButtonElement} */ (document.activeElement));
          const next = (i + (ev.shiftKey ? -1 : 1) + buttons.length) % buttons.length;
          ev.preventDefault();
          buttons[next].focus();
        }
      };
      document.addEventListener('keydown', onKey);
      document.body.append(modal);
      answer.focus();
    },
    hideIncoming() {
      if (!modal) return;
      document.removeEventListener('keydown', onKey);
      modal.remove();
      modal = null;
      if (focusBefore instanceof HTMLElement && focusBefore.isConnected) focusBefore.focus();
      focusBefore = null;
    },
  };
}
