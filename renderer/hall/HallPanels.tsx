import { useTranslation } from 'react-i18next';
import type { QueueBoard, QueueCall } from '../../main/core/queue/queue.contract';
import { announcementText } from '../queue/announce';
import { clockTime, earlierCalls } from '../queue/format';

/** In English the counter is "Counter N"; in Chinese its own name (1号窗口). */
function useCounterLabel() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return { en, counterLabel: (c: QueueCall) => (en ? t('queue.ui.counterN', { n: c.counter }) : c.counterName) };
}

/** The latest call, large; `flash` restarts its flash on every call. */
export function HallCurrent({ board, flash }: { board: QueueBoard | null; flash: number }) {
  const { t } = useTranslation();
  const { en, counterLabel } = useCounterLabel();
  const latest = board?.latest[0] ?? null;
  const serviceName = (code: string, fallback: string) => {
    const s = board?.services.find((x) => x.code === code);
    return s ? (en ? s.nameEn : s.name) : fallback;
  };
  return (
    // A new key per call remounts the panel, which restarts the flash even while the previous one runs.
    <section key={flash} className={flash ? 'hall-current hall-flash' : 'hall-current'} data-testid="hall-current" data-flash={flash} aria-live="assertive">
      {latest ? (
        <>
          <p className="hall-current-number" data-testid="hall-current-number">{latest.number}</p>
          <p className="hall-current-counter">{en ? t('queue.ui.goTo', { counter: counterLabel(latest) }) : announcementText(latest.number, latest.counterName)}</p>
          <p className="hall-current-service">{serviceName(latest.service, latest.serviceName)}{latest.recall ? ` · ${t('queue.ui.recalled')}` : ''}</p>
        </>
      ) : (
        <p className="hall-idle">{t('queue.ui.hallIdle')}</p>
      )}
    </section>
  );
}

/** The few calls before the latest, and how many wait for each service. */
export function HallSide({ board }: { board: QueueBoard | null }) {
  const { t } = useTranslation();
  const { en, counterLabel } = useCounterLabel();
  const earlier = earlierCalls(board?.latest ?? [], 5);
  return (
    <section className="hall-side">
      <h2>{t('queue.ui.recentCalls')}</h2>
      <ol className="hall-recent" data-testid="hall-recent">
        {earlier.map((c) => (
          <li key={`${c.ticketId}-${c.at}`}>
            <span className="hall-recent-number">{c.number}</span>
            <span className="hall-recent-counter">{counterLabel(c)}</span>
            <span className="hall-recent-time">{clockTime(c.at)}</span>
          </li>
        ))}
      </ol>
      <h2>{t('queue.ui.waitingTitle')}</h2>
      <ul className="hall-waiting" data-testid="hall-waiting">
        {(board?.services ?? []).map((s) => (
          <li key={s.code} data-service={s.code}>
            <span className="hall-waiting-prefix">{s.prefix}</span>
            <span className="hall-waiting-name">{en ? s.nameEn : s.name}</span>
            <span className="hall-waiting-count" data-testid={`hall-waiting-${s.code}`}>{s.waiting}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
