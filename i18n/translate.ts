import { messages } from './messages';

export type Lang = 'zh-CN' | 'en';
export type Params = Record<string, string | number>;

/**
 * Same `{{name}}` placeholder syntax as i18next, so the renderer loads these dictionaries into i18next unchanged
 * while the core and the CLI translate without it. An unknown key falls back to Chinese, then to the key.
 */
export function translate(key: string, params: Params = {}, lang: Lang = 'zh-CN'): string {
  const template = messages[lang][key] ?? messages['zh-CN'][key] ?? key;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** True when the dictionary has the key (in the language or in Chinese). */
export function hasMessage(key: string, lang: Lang = 'zh-CN'): boolean {
  return key in messages[lang] || key in messages['zh-CN'];
}
