import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueBoard, QueueCall } from '../../main/core/queue/queue.contract';
import { api } from '../api/client';
import { useApiEvent } from '../api/use-api-event';
import { announcementSpeech, announcementText, browserSpeech } from '../queue/announce';
import { clockTime, earlierCalls } from '../queue/format';
import './hall.css';

const SPEECH_KEY = 'jingwei.hallSpeech';

/**
 * The 大厅屏: the latest call large, the previous few below, people waiting per service. Every call flashes on
 * screen; it is also spoken when the browser has a speech engine and the screen has been allowed to speak
 * (browsers only let a page speak after someone has touched it once; the choice is remembered).
 */
export function HallApp() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [board, setBoard] = useState<QueueBoard | null>(null);
  const [flash, setFlash] = useState(0);
  const [offline, setOffline] = useState(false);
  const [speech] = useState(browserSpeech);
  const [speechOn, setSpeechOn] = useState(() => {
    try {
      return window.localStorage.getItem(SPEECH_KEY) === '1';
    } catch {
      return false;
    }
  });

  const load = useCallback(() => {
    api.call('queue.board', {}).then(
      (b) => {
        setBoard(b);
        setOffline(false);
      },
      () => setOffline(true),
    );
  }, []);

  useEffect(() => {
    load();
    // After the network comes back the next event brings the whole board; this only shortens the gap.
    window.addEventListener('online', load);
    // Calls made while the event stream was down (a host restart) are not replayed: re-read on every reconnect.
    const off = api.onStreamOpen(load);
    return () => {
      window.removeEventListener('online', load);
      off();
    };
  }, [load]);

  useApiEvent('queue.updated', (b) => {
    setBoard(b);
    setOffline(false);
  });
  useApiEvent('queue.called', (call: QueueCall) => {
    setFlash((n) => n + 1);
    if (speechOn && speech) {
      const text = announcementSpeech(call.number, call.counterName);
      // Said twice, as in every bank hall: the first time people look up, the second time they listen.
      speech.speak({ text, lang: 'zh-CN', rate: 0.9 });
      speech.speak({ text, lang: 'zh-CN', rate: 0.9 });
    }
  });

  function enableSpeech() {
    setSpeechOn(true);
    try {
      window.localStorage.setItem(SPEECH_KEY, '1');
    } catch {
      // The choice just lasts for this page then.
    }
    speech?.speak({ text: t('queue.ui.speechTest'), lang: 'zh-CN', rate: 1 });
  }

  const latest = board?.latest[0] ?? null;
  const earlier = earlierCalls(board?.latest ?? [], 5);
  const serviceName = (code: string, fallback: string) => {
    const s = board?.services.find((x) => x.code === code);
    return s ? (en ? s.nameEn : s.name) : fallback;
  };
  const counterLabel = (c: QueueCall) => (en ? t('queue.ui.counterN', { n: c.counter }) : c.counterName);

  return (
    <div className="hall" lang={i18n.language}>
      <header className="hall-top">
        <span className="hall-branch">{board?.branchName ?? t('app.name')}</span>
        <span className="hall-title">{t('queue.ui.hallTitle')}</span>
        {!speechOn && speech && (
          <button type="button" className="hall-speech" onClick={enableSpeech} data-testid="hall-enable-speech">{t('queue.ui.enableSpeech')}</button>
        )}
      </header>
      {offline && <p className="hall-offline" role="status">{t('queue.ui.hallOffline')}</p>}
      <main className="hall-main">
        {/* A new key per call remounts the panel, which restarts the flash even while the previous one runs. */}
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
      </main>
    </div>
  );
}
