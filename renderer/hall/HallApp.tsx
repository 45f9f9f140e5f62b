import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueCall } from '../../main/core/queue/queue.contract';
import { useApiEvent } from '../api/use-api-event';
import { HallCurrent, HallSide } from './HallPanels';
import { useHallBoard } from './useHallBoard';
import { useHallSpeech } from './useHallSpeech';
import './hall.css';

/**
 * The 大厅屏: the latest call large, the previous few below, people waiting per service. Every call flashes on
 * screen; it is also spoken once the screen may speak (useHallSpeech).
 */
export function HallApp() {
  const { t, i18n } = useTranslation();
  const { board, offline } = useHallBoard();
  const voice = useHallSpeech();
  const [flash, setFlash] = useState(0);
  useApiEvent('queue.called', (call: QueueCall) => {
    setFlash((n) => n + 1);
    voice.announce(call);
  });

  return (
    <div className="hall" lang={i18n.language}>
      <header className="hall-top">
        <span className="hall-branch">{board?.branchName ?? t('app.name')}</span>
        <span className="hall-title">{t('queue.ui.hallTitle')}</span>
        {voice.canEnable && (
          <button type="button" className="hall-speech" onClick={voice.enableSpeech} data-testid="hall-enable-speech">{t('queue.ui.enableSpeech')}</button>
        )}
      </header>
      {offline && <p className="hall-offline" role="status">{t('queue.ui.hallOffline')}</p>}
      <main className="hall-main">
        <HallCurrent board={board} flash={flash} />
        <HallSide board={board} />
      </main>
    </div>
  );
}
