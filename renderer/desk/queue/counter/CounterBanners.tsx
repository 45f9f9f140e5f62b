import { useTranslation } from 'react-i18next';
import { ConnectForm } from './ConnectForm';

interface Props {
  offline: number | null;
  busy: boolean;
  connect: boolean;
  message: { kind: 'info' | 'error'; text: string } | null;
  onStopRetry(): void;
  onConnected(): void;
}

/** The LAN-lost banner (with 停止重试 while a key's action retries), the password form, the last action's message. */
export function CounterBanners({ offline, busy, connect, message, onStopRetry, onConnected }: Props) {
  const { t } = useTranslation();
  return (
    // A slot that is always there: a message appearing must not move the keys under the teller's mouse.
    <div className="queue-banners">
      {offline !== null && (
        <div className="notice notice-error queue-offline" role="alert" data-testid="queue-offline">
          {t('queue.ui.lanLost', { n: offline })}
          {busy && <button type="button" className="link-button" onClick={onStopRetry}>{t('queue.ui.stopRetry')}</button>}
        </div>
      )}
      {connect && <ConnectForm onConnected={onConnected} />}
      {message && <div className={`notice notice-${message.kind} queue-message`} role="status" data-testid="queue-message">{message.text}</div>}
    </div>
  );
}
