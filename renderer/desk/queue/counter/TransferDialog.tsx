import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueBoard, TicketView } from '../../../../main/core/queue/queue.contract';
import { Dialog } from '../../Dialog';

/** 转移: the ticket at the counter goes to another service, or another counter that calls its service. */
export function TransferDialog(props: {
  board: QueueBoard;
  current: TicketView;
  fromCounter: number;
  serviceName(code: string): string;
  onClose(): void;
  onTransfer(toService: string | null, toCounter: number | null): void;
}) {
  const { t } = useTranslation();
  const [service, setService] = useState(props.current.service);
  const [toCounter, setToCounter] = useState<number | null>(null);
  const counters = props.board.counters.filter((c) => c.no !== props.fromCounter && c.services.some((w) => w.service === service));
  return (
    <Dialog
      title={t('queue.ui.transferTitle', { number: props.current.number })}
      onRequestClose={props.onClose}
      testId="queue-transfer-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose}>{t('queue.ui.cancel')}</button>
          <button type="button" className="button button-primary" data-testid="queue-transfer-confirm"
            onClick={() => props.onTransfer(service === props.current.service ? null : service, toCounter)}
            disabled={service === props.current.service && toCounter === null}>
            {t('queue.ui.transfer')}
          </button>
        </>
      }
    >
      <div className="form-grid">
        <label className="field">
          <span className="field-label">{t('queue.ui.toService')}</span>
          <select value={service} onChange={(e) => { setService(e.target.value); setToCounter(null); }} data-autofocus data-testid="queue-transfer-service">
            {props.board.services.map((s) => <option key={s.code} value={s.code}>{props.serviceName(s.code)}</option>)}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('queue.ui.toCounter')}</span>
          <select value={toCounter ?? ''} onChange={(e) => setToCounter(e.target.value ? Number(e.target.value) : null)} data-testid="queue-transfer-counter">
            <option value="">{t('queue.ui.anyCounter')}</option>
            {counters.map((c) => <option key={c.no} value={c.no}>{c.name}</option>)}
          </select>
        </label>
      </div>
      <p className="muted">{t('queue.ui.transferHint')}</p>
    </Dialog>
  );
}
