import { useTranslation } from 'react-i18next';
import type { MarketingItem } from '../../main/core/queue/queue.contract';

/** The branch's marketing beside the services, one slide at a time with its dots; the bank's name when there is none. */
export function MarketingSlides({ marketing, slide }: { marketing: readonly MarketingItem[]; slide: number }) {
  const { t } = useTranslation();
  const item = marketing.length ? marketing[slide % marketing.length] : null;
  return (
    <aside className="kiosk-marketing" aria-live="off" data-testid="kiosk-marketing">
      {item ? (
        <article key={item.id} className="kiosk-slide">
          {item.tag && <span className="kiosk-slide-tag">{item.tag}</span>}
          <h2>{item.title}</h2>
          <p>{item.body}</p>
          {marketing.length > 1 && (
            <div className="kiosk-dots" aria-hidden="true">
              {marketing.map((m, i) => <span key={m.id} className={i === slide % marketing.length ? 'on' : ''} />)}
            </div>
          )}
        </article>
      ) : (
        <p className="kiosk-slide-empty">{t('app.name')}</p>
      )}
    </aside>
  );
}
