package org.parley.bot;

import java.util.Map;

/** Everything the bot says, in English and Russian, picked from Telegram's {@code language_code}. */
final class BotTexts {
    private static final Map<String, String> EN = Map.ofEntries(
            Map.entry("help", """
                    I make video call links on this Parley server. Calls run in the browser: nothing to install, \
                    no account, and the call itself never passes through Telegram.

                    /call — a new call link
                    /call NAME — a room that keeps its link, e.g. /call team-standup
                    /call @username — call someone here (or reply to their message with /call)"""),
            Map.entry("call", "Video call: {link}\nCode: {code}\nOpen the link in a browser to join, and share it with whoever should come."),
            Map.entry("named", "Room {room}: {link}\nThis link opens the room on any day. Open it in a browser to join."),
            Map.entry("join", "Join call"),
            Map.entry("decline", "Decline"),
            Map.entry("ringing", "{caller} is calling {callee}.\n{link}"),
            Map.entry("declined", "{callee} declined the call from {caller}."),
            Map.entry("declined-toast", "Declined"),
            Map.entry("not-for-you", "This call is for someone else."),
            Map.entry("missed", "Missed call from {caller} to {callee}."),
            Map.entry("in-call", "{n} in the call now"),
            Map.entry("ended", "Call ended ({minutes} min)"),
            Map.entry("refused", "Could not make a room right now. Please try again in a minute."),
            Map.entry("rate-limited", "Too many calls from this chat. Please wait a few minutes."),
            Map.entry("bad-room", "A room name is letters, digits, - and _ (not only digits), e.g. /call team-standup"));

    private static final Map<String, String> RU = Map.ofEntries(
            Map.entry("help", """
                    Я создаю ссылки на видеозвонки на этом сервере Parley. Звонок идёт в браузере: ничего \
                    не нужно устанавливать, не нужен аккаунт, и сам звонок не проходит через Telegram.

                    /call — новая ссылка на звонок
                    /call ИМЯ — комната с постоянной ссылкой, например /call team-standup
                    /call @username — позвонить человеку из чата (или ответьте на его сообщение командой /call)"""),
            Map.entry("call", "Видеозвонок: {link}\nКод: {code}\nОткройте ссылку в браузере, чтобы войти, и отправьте её тем, кого ждёте."),
            Map.entry("named", "Комната {room}: {link}\nЭта ссылка открывает комнату в любой день. Откройте её в браузере, чтобы войти."),
            Map.entry("join", "Войти в звонок"),
            Map.entry("decline", "Отклонить"),
            Map.entry("ringing", "{caller} звонит {callee}.\n{link}"),
            Map.entry("declined", "{callee} отклонил(а) звонок от {caller}."),
            Map.entry("declined-toast", "Отклонено"),
            Map.entry("not-for-you", "Этот звонок не вам."),
            Map.entry("missed", "Пропущенный звонок от {caller} для {callee}."),
            Map.entry("in-call", "Сейчас в звонке: {n}"),
            Map.entry("ended", "Звонок завершён ({minutes} мин)"),
            Map.entry("refused", "Не удалось создать комнату. Попробуйте через минуту."),
            Map.entry("rate-limited", "Слишком много звонков из этого чата. Подождите несколько минут."),
            Map.entry("bad-room", "Имя комнаты — буквы, цифры, - и _ (не только цифры), например /call team-standup"));

    private BotTexts() {
    }

    /** The text for a key in the user's language, with {placeholders} filled in order: name, value, ... */
    static String say(String languageCode, String key, String... pairs) {
        Map<String, String> table = languageCode != null && languageCode.toLowerCase().startsWith("ru") ? RU : EN;
        String text = table.get(key);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            text = text.replace("{" + pairs[i] + "}", pairs[i + 1]);
        }
        return text;
    }
}
