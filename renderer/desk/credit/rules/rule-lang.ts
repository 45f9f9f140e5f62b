import { useTranslation } from 'react-i18next';

/** The language rule names and messages are shown in: English when the desk is in English, else Chinese. */
export function useRuleLang(): { en: boolean; lang: 'zh' | 'en' } {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return { en, lang: en ? 'en' : 'zh' };
}
