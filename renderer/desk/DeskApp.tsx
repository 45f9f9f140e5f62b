import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView, SystemInfo } from '../../main/core/session/session.contract';
import { api } from '../api/client';
import { errorText } from './labels';
import { LoginScreen } from './LoginScreen';
import { DeskShell } from './DeskShell';
import { ForcedPasswordScreen } from './staff/ForcedPasswordScreen';
import './desk.css';

type State = { phase: 'starting' } | { phase: 'login'; notice: string | null } | { phase: 'desk'; session: SessionView };

/** The staff desk: login until there is a session, then the shell; an expired session returns to login. */
export function DeskApp() {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ phase: 'starting' });
  const [info, setInfo] = useState<SystemInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  // A password change sent to head office ends this session when the signed record arrives: say so at login.
  const passwordSent = useRef(false);

  useEffect(() => {
    let live = true;
    api.call('system.info', {}).then(
      (i) => live && setInfo(i),
      (e: unknown) => live && setInfoError(errorText(e, t)),
    );
    api.resume().then(
      (session) => live && setState(session ? { phase: 'desk', session } : { phase: 'login', notice: null }),
      () => live && setState({ phase: 'login', notice: null }),
    );
    const off = api.onSession((session, reason) => {
      if (session) {
        passwordSent.current = false;
        setState({ phase: 'desk', session });
      } else {
        setState({ phase: 'login', notice: reason === 'expired' ? t(passwordSent.current ? 'staffUi.passwordInEffect' : 'error.sessionExpired') : null });
      }
    });
    return () => {
      live = false;
      off();
    };
    // The translator only formats the error text; re-running on language change would log the teller out.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    document.title = info ? `${t('app.name')} · ${info.branchName}` : t('app.name');
  }, [info, t]);

  if (state.phase === 'starting') return <div className="splash" role="status">{t('desk.starting')}</div>;
  if (state.phase === 'login') return <LoginScreen info={info} infoError={infoError} notice={state.notice} />;
  if (state.session.mustChangePassword) {
    return <ForcedPasswordScreen session={state.session} onSubmitted={() => (passwordSent.current = true)} onLogout={() => void api.logout()} />;
  }
  return <DeskShell session={state.session} info={info} onLogout={() => void api.logout()} onPasswordSent={() => (passwordSent.current = true)} />;
}
