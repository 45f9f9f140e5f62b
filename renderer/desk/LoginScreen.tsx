import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SystemInfo } from '../../main/core/session/session.contract';
import { api, ApiCallError } from '../api/client';
import { describeError } from './labels';
import { LanguageSwitch } from './LanguageSwitch';

interface Props {
  info: SystemInfo | null;
  infoError: string | null;
  /** Why the teller is here again, e.g. the session expired. */
  notice: string | null;
}

export function LoginScreen({ info, infoError, notice }: Props) {
  const { t } = useTranslation();
  const [staffNo, setStaffNo] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!staffNo.trim() || !password) {
      setError(t('validation.required', { field: t(!staffNo.trim() ? 'desk.login.staffNo' : 'desk.login.password') }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.login(staffNo.trim(), password);
    } catch (err) {
      setError(err instanceof ApiCallError ? describeError(err.body, t) : String(err));
      setPassword('');
      setBusy(false);
    }
  }

  return (
    <div className="login-page">
      <form className="login-card" onSubmit={submit} noValidate aria-labelledby="login-title">
        <div className="login-brand">
          <div className="brand-mark" aria-hidden="true">精</div>
          <div>
            <h1 id="login-title">{t('app.name')}</h1>
            <p className="login-branch" data-testid="login-branch">
              {info ? `${info.branchName}（${info.branch}）` : infoError ? '' : t('desk.loading')}
            </p>
          </div>
        </div>
        {notice && <p className="notice notice-info">{notice}</p>}
        {infoError && <p className="notice notice-error" role="alert">{infoError}</p>}
        {info?.trustRoot === 'none' && <p className="notice notice-error" role="alert" data-testid="no-trust-root">{t('error.noTrustRoot')}</p>}
        <label className="field">
          <span className="field-label">{t('desk.login.staffNo')}</span>
          <input
            name="staffNo"
            autoFocus
            autoComplete="username"
            value={staffNo}
            onChange={(e) => setStaffNo(e.target.value)}
            maxLength={16}
            spellCheck={false}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('desk.login.password')}</span>
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <p className="form-error" role="alert" aria-live="assertive">
          {error}
        </p>
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? t('desk.login.busy') : t('desk.login.submit')}
        </button>
        <div className="login-footer">
          <span className="muted">{info ? t('desk.login.device', { device: info.device, version: info.version }) : ''}</span>
          <LanguageSwitch />
        </div>
      </form>
    </div>
  );
}
