import { useTranslation } from 'react-i18next';
import type { CounterState } from '../../../../main/core/queue/queue.contract';
import { priorityLabel } from '../../../queue/format';

interface Props {
  waiting: CounterState['waiting'] | undefined;
  /** The screen's clock (moved on every 30 s): how long each ticket has waited. */
  now: number;
  serviceName(code: string): string;
}

/** The next few tickets this counter would call, with how long each has waited. */
export function WaitingList({ waiting, now, serviceName }: Props) {
  const { t } = useTranslation();
  return (
    <section className="queue-next pane">
      <h2 className="pane-title">{t('queue.ui.nextUp')}</h2>
      {waiting?.length ? (
        <table className="grid" data-testid="queue-waiting">
          <thead>
            <tr><th>{t('queue.ui.number')}</th><th>{t('queue.ui.service')}</th><th>{t('queue.ui.priority')}</th><th className="num">{t('queue.ui.waited')}</th></tr>
          </thead>
          <tbody>
            {waiting.map((w) => (
              <tr key={w.id}>
                <td className="mono">{w.number}{w.front ? ` ↑` : ''}</td>
                <td>{serviceName(w.service)}</td>
                <td>{priorityLabel(w.priority, t)}</td>
                <td className="num">{t('queue.ui.minutes', { n: Math.max(0, Math.floor((now - Date.parse(w.queuedAt)) / 60_000)) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">{t('queue.ui.nobodyWaiting')}</p>
      )}
    </section>
  );
}
