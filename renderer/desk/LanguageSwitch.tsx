import { useTranslation } from 'react-i18next';
import { setLang } from '../i18n';

/** 中文 / EN toggle; the choice is remembered on this computer. */
export function LanguageSwitch({ className }: { className?: string }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  return (
    <div className={`lang-switch ${className ?? ''}`} role="group" aria-label={t('desk.language')}>
      <button type="button" aria-pressed={zh} onClick={() => setLang('zh-CN')} lang="zh-CN">
        中文
      </button>
      <button type="button" aria-pressed={!zh} onClick={() => setLang('en')} lang="en">
        EN
      </button>
    </div>
  );
}
