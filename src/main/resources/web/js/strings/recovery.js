// @ts-check
/** UI strings for connection recovery (signaling reconnect, ICE restart), merged into i18n.js. */

/** @type {{en: Record<string, string>, ru: Record<string, string>}} */
export default {
  en: {
    'reconnecting': 'Connection to the server lost. Reconnecting…',
    'state.reconnecting': 'Reconnecting…',
    'resume-failed': 'Your place in the room was not kept. Join again.',
  },
  ru: {
    'reconnecting': 'Соединение с сервером потеряно. Переподключение…',
    'state.reconnecting': 'Переподключение…',
    'resume-failed': 'Ваше место в комнате не сохранилось. Войдите снова.',
  },
};
