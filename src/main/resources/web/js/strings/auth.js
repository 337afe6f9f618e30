// @ts-check
/** UI strings for access control (the auth-* error codes), merged into i18n.js; same keys in both languages. */

/** @type {{en: Record<string, string>, ru: Record<string, string>}} */
export default {
  en: {
    'auth-required': 'This server only lets in people with an invitation link. Ask the organizer for one.',
    'auth-invalid': 'This invitation link is not valid. Ask the organizer for a new one.',
    'auth-expired': 'This invitation link has expired. Ask the organizer for a new one.',
    'auth-wrong-room': 'This invitation link is for another room.',
  },
  ru: {
    'auth-required': 'На этот сервер пускают только по ссылке-приглашению. Попросите её у организатора.',
    'auth-invalid': 'Эта ссылка-приглашение недействительна. Попросите у организатора новую.',
    'auth-expired': 'Срок действия ссылки-приглашения истёк. Попросите у организатора новую.',
    'auth-wrong-room': 'Эта ссылка-приглашение — для другой комнаты.',
  },
};
