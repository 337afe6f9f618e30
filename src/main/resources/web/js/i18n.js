// @ts-check
/**
 * UI strings in English and Russian. The language comes from `navigator.languages`: any `ru*`
 * entry selects Russian, anything else English. `t(key, params)` fills `{name}` placeholders.
 * Error keys are the stable error codes (protocol and client) themselves.
 */

import callExtras from './strings/call-extras.js';
import authStrings from './strings/auth.js';
import check from './strings/check.js';
import recovery from './strings/recovery.js';
import roomExtras from './strings/room-extras.js';

/** @typedef {'en' | 'ru'} Lang */

/** @type {Record<string, string>} */
const en = {
  'app.tagline': 'Video calls by link. No account, no install.',
  'landing.create': 'New room',
  'landing.code-label': 'Room code or link',
  'landing.code-placeholder': 'e.g. 48213',
  'landing.join': 'Join',
  'landing.start': 'Start / join call',
  'landing.or': 'or',
  'prejoin.title': 'Room {room}',
  'prejoin.name': 'Your name',
  'prejoin.camera': 'Camera',
  'prejoin.mic': 'Microphone',
  'prejoin.speaker': 'Speaker',
  'prejoin.default-device': 'Default',
  'prejoin.audio-only': 'Audio only (camera off)',
  'prejoin.level': 'Microphone level',
  'prejoin.no-camera': 'Camera is off',
  'prejoin.join': 'Join',
  'prejoin.join-now': 'Join now',
  'prejoin.joining': 'Joining…',
  'prejoin.back': 'Back',
  'room.title': 'Room {room}',
  'room.link': 'Room link',
  'room.copy': 'Copy link',
  'room.share': 'Share',
  'room.leave': 'Leave room',
  'room.people': 'In the room ({count})',
  'room.you': 'you',
  'room.mic-off': 'mic off',
  'room.cam-off': 'camera off',
  'room.in-call': 'in call',
  'room.video-call': 'Video call',
  'room.audio-call': 'Audio call',
  'room.call-video': 'Video call in progress',
  'room.call-audio': 'Audio call in progress',
  'room.join-call': 'Join',
  'room.alone': 'Nobody else is here yet. Share the link to invite someone.',
  'room.host': 'host',
  'room.remove': 'Remove',
  'room.remove-confirm': 'Remove {name}?',
  'room.settings': 'Room settings',
  'room.open': 'Anyone with the code can enter',
  'room.lock': 'Lock room',
  'room.is-open': 'Anyone with the room code can enter without asking.',
  'room.is-locked': 'The room is locked: nobody new can enter.',
  'knock.wants': '{name} wants to join',
  'knock.admit': 'Admit',
  'knock.deny': 'Deny',
  'knock.requests': 'People asking to join',
  'knock.title': 'Room {room}',
  'knock.waiting-empty': 'Waiting for someone to let you in',
  'knock.waiting': 'Asking to join… someone in the room will let you in',
  'incoming.video': 'Incoming video call',
  'incoming.audio': 'Incoming audio call',
  'incoming.from': '{name} is calling',
  'incoming.answer': 'Answer',
  'incoming.answer-audio': 'Answer audio only',
  'incoming.decline': 'Decline',
  'call.mute': 'Mute',
  'call.camera': 'Stop video',
  'call.leave': 'Hang up',
  'call.controls': 'Call controls',
  'call.waiting': 'Waiting for others to join…',
  'call.timer': 'Call duration',
  'call.you': 'You',
  'state.new': 'Connecting…',
  'state.connecting': 'Connecting…',
  'state.connected': 'Connected',
  'state.disconnected': 'Reconnecting…',
  'state.failed': 'Connection failed',
  'state.closed': 'Disconnected',
  'default-name': 'Guest {n}',
  'dismiss': 'Dismiss',
  'cancel': 'Cancel',
  'audio-only-fallback': 'Continuing with audio only.',
  'create-failed': 'Could not create a room. Please try again.',
  'bad-json': 'The page sent a malformed message. Please reload the page.',
  'bad-message': 'The page sent an invalid message. Please reload the page.',
  'unknown-type': 'The server does not understand this page. Please reload the page.',
  'handshake-required': 'The connection was set up out of order. Please reload the page.',
  'unsupported-version': 'This page is out of date for the server. Please reload the page.',
  'message-too-big': 'A message was too large for the server. Please reload the page.',
  'bad-frame': 'The connection to the server broke off. Please reload the page.',
  'bad-text': 'The page sent text the server could not read. Please reload the page.',
  'too-many-connections': 'Too many Parley connections from your network right now. Close other Parley tabs, or try again in a few minutes.',
  'server-busy': 'The server is very busy right now. Please try again in a minute.',
  'rate-limited': 'Too many actions in a short time. Wait a moment, then reload the page.',
  'spoofed-sender': 'The server rejected a message from this page. Please reload the page.',
  'too-many-attempts': 'Too many attempts to enter rooms from your network. Wait a few minutes and try again.',
  'room-locked': 'This room is locked.',
  'knock-denied': 'The people in the room did not let you in.',
  'removed': 'You were removed from the room.',
  'not-host': 'Only the host can do that.',
  'room-full': 'This room is full.',
  'server-draining': 'This server is restarting. Calls in progress go on; please try again in a minute.',
  'bad-room': 'That room code is not valid. Use letters, digits, “-” or “_”.',
  'not-in-room': 'You are not in the room any more.',
  'already-in-room': 'You are already in a room.',
  'peer-not-found': 'That person has left the room.',
  'no-call': 'There is no call to join any more.',
  'internal': 'The server ran into a problem. Please try again.',
  'heartbeat-timeout': 'The server stopped responding. Connection lost.',
  'slow-consumer': 'The connection was too slow and was dropped.',
  'permission-denied': 'Camera and microphone access was denied. Allow it in the browser’s address bar, then reload.',
  'no-device': 'No camera or microphone was found.',
  'device-busy': 'The camera or microphone is being used by another app.',
  'insecure-context': 'Camera and microphone need a secure (https) connection.',
  'media-failed': 'The camera or microphone could not be started.',
  'server-unreachable': 'Cannot reach the server. Check your connection and try again.',
  'connection-lost': 'Connection to the server lost.',
  'call-declined': '{name} declined the call',
  'room-not-found': 'This room does not exist or has ended. Check the code.',
  'unknown-error': 'Something went wrong ({code}).',
};

/** @type {Record<string, string>} */
const ru = {
  'app.tagline': 'Видеозвонки по ссылке. Без регистрации и установки.',
  'landing.create': 'Новая комната',
  'landing.code-label': 'Код комнаты или ссылка',
  'landing.code-placeholder': 'например, 48213',
  'landing.join': 'Войти',
  'landing.start': 'Начать звонок / присоединиться',
  'landing.or': 'или',
  'prejoin.title': 'Комната {room}',
  'prejoin.name': 'Ваше имя',
  'prejoin.camera': 'Камера',
  'prejoin.mic': 'Микрофон',
  'prejoin.speaker': 'Динамик',
  'prejoin.default-device': 'По умолчанию',
  'prejoin.audio-only': 'Только звук (без камеры)',
  'prejoin.level': 'Уровень микрофона',
  'prejoin.no-camera': 'Камера выключена',
  'prejoin.join': 'Войти',
  'prejoin.join-now': 'Войти сейчас',
  'prejoin.joining': 'Вход…',
  'prejoin.back': 'Назад',
  'room.title': 'Комната {room}',
  'room.link': 'Ссылка на комнату',
  'room.copy': 'Копировать ссылку',
  'room.share': 'Поделиться',
  'room.leave': 'Выйти из комнаты',
  'room.people': 'В комнате ({count})',
  'room.you': 'вы',
  'room.mic-off': 'микрофон выкл.',
  'room.cam-off': 'камера выкл.',
  'room.in-call': 'в звонке',
  'room.video-call': 'Видеозвонок',
  'room.audio-call': 'Аудиозвонок',
  'room.call-video': 'Идёт видеозвонок',
  'room.call-audio': 'Идёт аудиозвонок',
  'room.join-call': 'Присоединиться',
  'room.alone': 'Здесь пока никого нет. Отправьте ссылку, чтобы пригласить.',
  'room.host': 'организатор',
  'room.remove': 'Удалить',
  'room.remove-confirm': 'Удалить участника {name}?',
  'room.settings': 'Настройки комнаты',
  'room.open': 'Входить может любой, кто знает код',
  'room.lock': 'Закрыть комнату',
  'room.is-open': 'Любой, кто знает код комнаты, может войти без запроса.',
  'room.is-locked': 'Комната закрыта: новые участники не могут войти.',
  'knock.wants': '{name} хочет войти',
  'knock.admit': 'Впустить',
  'knock.deny': 'Отклонить',
  'knock.requests': 'Запросы на вход',
  'knock.title': 'Комната {room}',
  'knock.waiting-empty': 'Ждём, когда кто-нибудь вас впустит',
  'knock.waiting': 'Запрос на вход… кто-нибудь из комнаты вас впустит',
  'incoming.video': 'Входящий видеозвонок',
  'incoming.audio': 'Входящий аудиозвонок',
  'incoming.from': '{name} звонит',
  'incoming.answer': 'Ответить',
  'incoming.answer-audio': 'Ответить только звуком',
  'incoming.decline': 'Отклонить',
  'call.mute': 'Выключить микрофон',
  'call.camera': 'Выключить камеру',
  'call.leave': 'Завершить',
  'call.controls': 'Управление звонком',
  'call.waiting': 'Ждём остальных участников…',
  'call.timer': 'Длительность звонка',
  'call.you': 'Вы',
  'state.new': 'Соединение…',
  'state.connecting': 'Соединение…',
  'state.connected': 'Подключено',
  'state.disconnected': 'Переподключение…',
  'state.failed': 'Не удалось соединиться',
  'state.closed': 'Отключено',
  'default-name': 'Гость {n}',
  'dismiss': 'Закрыть',
  'cancel': 'Отмена',
  'audio-only-fallback': 'Продолжаем только со звуком.',
  'create-failed': 'Не удалось создать комнату. Попробуйте ещё раз.',
  'bad-json': 'Страница отправила повреждённое сообщение. Перезагрузите страницу.',
  'bad-message': 'Страница отправила неверное сообщение. Перезагрузите страницу.',
  'unknown-type': 'Сервер не понимает эту страницу. Перезагрузите страницу.',
  'handshake-required': 'Соединение установлено в неверном порядке. Перезагрузите страницу.',
  'unsupported-version': 'Страница устарела для этого сервера. Перезагрузите страницу.',
  'message-too-big': 'Сообщение слишком большое для сервера. Перезагрузите страницу.',
  'bad-frame': 'Соединение с сервером прервалось. Перезагрузите страницу.',
  'bad-text': 'Страница отправила текст, который сервер не смог прочитать. Перезагрузите страницу.',
  'too-many-connections': 'Слишком много подключений к Parley из вашей сети. Закройте другие вкладки Parley или попробуйте через несколько минут.',
  'server-busy': 'Сервер сейчас сильно загружен. Попробуйте через минуту.',
  'rate-limited': 'Слишком много действий за короткое время. Подождите и перезагрузите страницу.',
  'spoofed-sender': 'Сервер отклонил сообщение этой страницы. Перезагрузите страницу.',
  'too-many-attempts': 'Слишком много попыток войти в комнаты из вашей сети. Подождите несколько минут и попробуйте снова.',
  'room-locked': 'Эта комната закрыта.',
  'knock-denied': 'Участники комнаты не впустили вас.',
  'removed': 'Вас удалили из комнаты.',
  'not-host': 'Это может сделать только организатор.',
  'room-full': 'Комната заполнена.',
  'server-draining': 'Сервер перезапускается. Идущие звонки продолжаются; попробуйте снова через минуту.',
  'bad-room': 'Неверный код комнаты. Допустимы буквы, цифры, «-» и «_».',
  'not-in-room': 'Вы больше не в комнате.',
  'already-in-room': 'Вы уже в комнате.',
  'peer-not-found': 'Этот участник уже вышел из комнаты.',
  'no-call': 'Звонка, к которому можно присоединиться, больше нет.',
  'internal': 'На сервере произошла ошибка. Попробуйте ещё раз.',
  'heartbeat-timeout': 'Сервер перестал отвечать. Соединение потеряно.',
  'slow-consumer': 'Соединение слишком медленное и было разорвано.',
  'permission-denied': 'Доступ к камере и микрофону запрещён. Разрешите его в адресной строке браузера и перезагрузите страницу.',
  'no-device': 'Камера или микрофон не найдены.',
  'device-busy': 'Камера или микрофон заняты другим приложением.',
  'insecure-context': 'Для камеры и микрофона нужно защищённое (https) соединение.',
  'media-failed': 'Не удалось включить камеру или микрофон.',
  'server-unreachable': 'Сервер недоступен. Проверьте подключение и попробуйте ещё раз.',
  'connection-lost': 'Соединение с сервером потеряно.',
  'call-declined': '{name} отклонил(а) звонок',
  'room-not-found': 'Такой комнаты нет или она уже закрыта. Проверьте код.',
  'unknown-error': 'Что-то пошло не так ({code}).',
};

/**
 * @param {readonly string[]} languages
 * @returns {Lang}
 */
export function pickLanguage(languages) {
  return languages.some((l) => l.toLowerCase().startsWith('ru')) ? 'ru' : 'en';
}

/** The language of this page. */
export const lang = pickLanguage(
  typeof navigator === 'undefined' ? [] : navigator.languages?.length ? navigator.languages : [navigator.language ?? 'en'],
);

// Feature modules keep their strings in ./strings/ so that features can grow without one huge table.
for (const extra of [roomExtras, callExtras, recovery, authStrings, check]) {
  Object.assign(en, extra.en);
  Object.assign(ru, extra.ru);
}

const table = lang === 'ru' ? ru : en;

/**
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 */
export function t(key, params = {}) {
  const text = Object.hasOwn(table, key) ? table[key] : Object.hasOwn(en, key) ? en[key] : key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** Whether a human message exists for this error code. @param {string} code */
export function hasMessage(code) {
  return Object.hasOwn(en, code);
}

/** The human message for an error code (protocol or client), never the raw English log text. */
export function errorText(/** @type {string} */ code, /** @type {Record<string, string | number>} */ params = {}) {
  return hasMessage(code) ? t(code, params) : t('unknown-error', { code });
}
