import { useTranslation } from 'react-i18next';
import { setLang } from '../i18n';
import { clockTime } from '../queue/format';

/** The branch's name, the clock and the language switch along the kiosk's top. */
export function KioskHeader({ branchName, now }: { branchName: string | undefined; now: Date }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <header className="kiosk-top">
      <div className="kiosk-brand">
        <span className="kiosk-mark" aria-hidden="true">精</span>
        <span>{branchName ?? t('app.name')}</span>
      </div>
      <div className="kiosk-top-right">
        <time className="kiosk-clock">{clockTime(now.toISOString())}</time>
        <button type="button" className="kiosk-lang" onClick={() => setLang(en ? 'zh-CN' : 'en')}>{en ? '中文' : 'English'}</button>
      </div>
    </header>
  );
}
