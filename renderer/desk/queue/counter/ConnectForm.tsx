import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { errorText } from '../../labels';

/**
 * The queue device checks the teller itself: when it could not at login (it was away) or her counter pass ran out,
 * she types her password here once; the counter PC does not keep it.
 */
export function ConnectForm({ onConnected }: { onConnected(): void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!password || busy) return;
    setBusy(true);
    try {
      await api.call('queue.connectCounter', { password });
      onConnected();
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setPassword('');
      setBusy(false);
    }
  }
  return (
    <form className="notice notice-error queue-connect" onSubmit={(e) => void submit(e)} data-testid="queue-connect">
      <p>{t('queue.error.counterNotConnected')}</p>
      <label className="field">
        <span className="field-label">{t('queue.ui.connectPassword')}</span>
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" autoFocus data-testid="queue-connect-password" />
      </label>
      <button type="submit" className="button button-primary" disabled={busy || !password} data-testid="queue-connect-submit">{t('queue.ui.connect')}</button>
      {error && <p className="queue-connect-error" role="alert">{error}</p>}
    </form>
  );
}
