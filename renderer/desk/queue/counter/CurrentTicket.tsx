import { useTranslation } from 'react-i18next';
import type { TicketView } from '../../../../main/core/queue/queue.contract';
import { clockTime, priorityLabel } from '../../../queue/format';
import { keyLabel, SHORTCUTS } from '../../shortcuts';
import { KEYS, type CounterKey } from './counter-keys';

interface Props {
  current: TicketView | null;
  paused: boolean | undefined;
  busy: boolean;
  handlers: Record<CounterKey, () => void>;
  serviceName(code: string): string;
}

/** The ticket at the counter, large, and the counter's keys under it (all but 暂停 wait while an action runs). */
export function CurrentTicket({ current, paused, busy, handlers, serviceName }: Props) {
  const { t } = useTranslation();
  return (
    <section className="queue-current pane" data-testid="queue-current">
      <h2 className="pane-title">{t('queue.ui.current')}</h2>
      <div className="queue-current-ticket">
      {current ? (
        <>
          <p className="queue-current-number" data-testid="queue-current-number">{current.number}</p>
          <p className="queue-current-meta">
            {serviceName(current.service)} · {t(`queue.state.${current.state}`)}
            {current.priority && <span className="tag">{priorityLabel(current.priority, t)}</span>}
            {current.recalls > 0 && <span className="muted"> · {t('queue.ui.recalls', { n: current.recalls })}</span>}
          </p>
          {current.calledAt && <p className="muted">{t('queue.ui.calledAt', { time: clockTime(current.calledAt) })}</p>}
        </>
      ) : (
        <p className="queue-current-empty" data-testid="queue-current-empty">{t('queue.ui.noCurrent')}</p>
      )}
      </div>
      <div className="queue-keys">
        {KEYS.map((id) => (
          <button
            type="button"
            key={id}
            className={id === 'callNext' ? 'button button-primary' : 'button'}
            onClick={handlers[id]}
            disabled={busy && id !== 'pause'}
            data-testid={`queue-key-${keyLabel(id)}`}
          >
            {id === 'pause' && paused ? t('queue.ui.resume') : t(id === 'pause' ? 'queue.ui.pause' : SHORTCUTS[id].labelKey)} <kbd>{keyLabel(id)}</kbd>
          </button>
        ))}
      </div>
    </section>
  );
}
