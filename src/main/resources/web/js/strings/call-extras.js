// @ts-check
/** UI strings for the call view's extra features, merged into i18n.js; same keys in both languages. */

/** @type {{en: Record<string, string>, ru: Record<string, string>}} */
export default {
  en: {},
  ru: {},
};
