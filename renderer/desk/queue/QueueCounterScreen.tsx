import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShortcuts } from '../shortcuts';
import type { ScreenProps } from '../nav';
import { CounterBanners } from './counter/CounterBanners';
import { CounterToolbar } from './counter/CounterToolbar';
import { CurrentTicket } from './counter/CurrentTicket';
import { MixDialog } from './counter/MixDialog';
import { TransferDialog } from './counter/TransferDialog';
import { WaitingList } from './counter/WaitingList';
import type { CounterKey } from './counter/counter-keys';
import { useCounterDesk } from './counter/useCounterDesk';
import './queue.css';

/** 叫号 at a counter: one key per action, the current ticket large, the next few below, a banner when the LAN drops. */
export function QueueCounterScreen({ session, covered }: ScreenProps) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const desk = useCounterDesk();
  const { counter, board, state, busy, run } = desk;
  const [dialog, setDialog] = useState<null | 'transfer' | 'mix'>(null);
  const canManage = session.permissions.includes('queue.manage');

  const handlers: Record<CounterKey, () => void> = {
    callNext: () => void run('queue.callNext'),
    recall: () => void run('queue.recall'),
    start: () => void run('queue.start'),
    finish: () => void run('queue.finish'),
    noShow: () => void run('queue.noShow'),
    transfer: () => state?.current && setDialog('transfer'),
    pause: () => void desk.togglePause(),
  };
  useShortcuts(handlers, !covered && dialog === null && !desk.connect && counter !== null);

  const serviceName = (code: string) => {
    const s = board?.services.find((x) => x.code === code);
    return s ? (en ? s.nameEn : s.name) : code;
  };
  const current = state?.current ?? null;

  return (
    <div className="queue-counter">
      <CounterToolbar
        counter={counter}
        board={board}
        state={state}
        canManage={canManage}
        serviceName={serviceName}
        onChooseCounter={desk.chooseCounter}
        onEditMix={() => setDialog('mix')}
      />
      <CounterBanners
        offline={desk.offline}
        busy={busy}
        connect={desk.connect}
        message={desk.message}
        onStopRetry={desk.stopRetry}
        onConnected={desk.connected}
      />

      {counter === null ? (
        <p className="empty">{t('queue.ui.chooseCounterFirst')}</p>
      ) : (
        <div className="queue-body">
          <CurrentTicket current={current} paused={state?.counter.paused} busy={busy} handlers={handlers} serviceName={serviceName} />
          <WaitingList waiting={state?.waiting} now={desk.now} serviceName={serviceName} />
        </div>
      )}

      {dialog === 'transfer' && current && board && counter !== null && (
        <TransferDialog
          board={board}
          current={current}
          fromCounter={counter}
          serviceName={serviceName}
          onClose={() => setDialog(null)}
          onTransfer={(toService, toCounter) => {
            setDialog(null);
            void run('queue.transfer', { ...(toService ? { toService } : {}), ...(toCounter ? { toCounter } : {}) });
          }}
        />
      )}
      {dialog === 'mix' && counter !== null && (
        <MixDialog counter={counter} onClose={() => setDialog(null)} onSaved={() => { setDialog(null); desk.refresh(); }} />
      )}
    </div>
  );
}
