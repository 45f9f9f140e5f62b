import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { messages } from '../i18n/messages';
import type { Lang } from '../i18n/translate';

const LANG_KEY = 'jingwei.lang';

function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

// The shared dictionaries use flat dotted keys ("field.name"), so i18next must not split them into nested paths.
void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: messages['zh-CN'] }, en: { translation: messages.en } },
  lng: storedLang(),
  fallbackLng: 'zh-CN',
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});
document.documentElement.lang = i18next.language;

export function setLang(lang: Lang): void {
  void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // Private windows may refuse storage; the switch still applies to this page.
  }
}

export { i18next };
