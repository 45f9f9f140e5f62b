import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../../main/core/session/session.contract';
import { LanguageSwitch } from '../LanguageSwitch';
import { ChangePasswordForm } from './ChangePasswordForm';
import { PasswordRequestStatus } from './PasswordRequestStatus';

/**
 * After a reset, or on a new account's first login, the password head office set must be replaced before any work:
 * the session may do nothing else. Once head office signs the new password, this session ends by itself.
 */
export function ForcedPasswordScreen({ session, onSubmitted, onLogout }: { session: SessionView; onSubmitted(): void; onLogout(): void }) {
  const { t } = useTranslation();
  const [requestId, setRequestId] = useState<string | null>(null);
  return (
    <div className="login-page">
      <div className="login-card" data-testid="forced-password">
        <div className="login-brand">
          <div className="brand-mark" aria-hidden="true">精</div>
          <div>
            <h1>{t('staffUi.forcedTitle')}</h1>
            <p className="login-branch">{session.staff.name}（{session.staff.staffNo}）</p>
          </div>
        </div>
        <p className="notice notice-info">{t('staffUi.forcedExplain')}</p>
        {requestId ? (
          <PasswordRequestStatus requestId={requestId} />
        ) : (
          <ChangePasswordForm onSubmitted={(id) => { setRequestId(id); onSubmitted(); }} />
        )}
        <div className="login-footer">
          <button type="button" className="link-button" onClick={onLogout}>{t('desk.logout')}</button>
          <LanguageSwitch />
        </div>
      </div>
    </div>
  );
}
