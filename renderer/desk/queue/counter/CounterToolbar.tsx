import { useTranslation } from 'react-i18next';
import type { CounterState, QueueBoard } from '../../../../main/core/queue/queue.contract';

interface Props {
  counter: number | null;
  board: QueueBoard | null;
  state: CounterState | null;
  canManage: boolean;
  serviceName(code: string): string;
  onChooseCounter(no: number): void;
  onEditMix(): void;
}

/** Which counter this PC calls for, the services it calls (the branch head may change them), its status and count. */
export function CounterToolbar({ counter, board, state, canManage, serviceName, onChooseCounter, onEditMix }: Props) {
  const { t } = useTranslation();
  const view = state?.counter;
  return (
    <div className="pane-toolbar queue-toolbar">
      <label className="queue-counter-pick">
        <span>{t('queue.ui.counter')}</span>
        <select value={counter ?? ''} onChange={(e) => onChooseCounter(Number(e.target.value))} data-testid="queue-counter-select">
          <option value="" disabled>{t('queue.ui.chooseCounter')}</option>
          {(board?.counters ?? []).map((c) => <option key={c.no} value={c.no}>{c.name}</option>)}
        </select>
      </label>
      {view && (
        <span className="queue-mix">
          {view.services.map((w) => <span key={w.service} className="tag tag-plain">{serviceName(w.service)}{w.weight > 1 ? ` ×${w.weight}` : ''}</span>)}
          {canManage && <button type="button" className="link-button" onClick={onEditMix}>{t('queue.ui.editMix')}</button>}
        </span>
      )}
      {view && (
        <span className={`queue-status queue-status-${view.paused ? 'paused' : view.open ? 'open' : 'closed'}`} data-testid="queue-counter-status">
          {t(view.paused ? 'queue.ui.paused' : view.open ? 'queue.ui.open' : 'queue.ui.closed')}
        </span>
      )}
      {state && <span className="muted">{t('queue.ui.servedToday', { n: state.servedToday })}</span>}
    </div>
  );
}
