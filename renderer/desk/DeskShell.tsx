import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView, SystemInfo } from '../../main/core/session/session.contract';
import { HelpOverlay } from './HelpOverlay';
import { useShortcuts } from './shortcuts';
import { LanguageSwitch } from './LanguageSwitch';
import { NAV_ITEMS } from './nav';
import { RiskBadge } from './risk/RiskScreen';
import { ScreenLoading } from './ScreenLoading';
import { SyncChip } from './sync/SyncChip';
import { useHashRoute } from './use-hash-route';
import { Dialog } from './Dialog';
import { ChangePasswordForm } from './staff/ChangePasswordForm';
import { PasswordRequestStatus } from './staff/PasswordRequestStatus';

interface Props {
  session: SessionView;
  info: SystemInfo | null;
  onLogout(): void;
  /** The staff member sent a new password to head office; this session ends when it takes effect. */
  onPasswordSent(): void;
}

/** Top bar, left navigation and the active screen; the navigation lists only screens this staff member may use. */
export function DeskShell({ session, info, onLogout, onPasswordSent }: Props) {
  const { t } = useTranslation();
  const [route, navigate] = useHashRoute();
  const [helpOpen, setHelpOpen] = useState(false);
  const [password, setPassword] = useState<{ requestId: string | null } | null>(null);

  const items = useMemo(() => NAV_ITEMS.filter((n) => session.permissions.includes(n.permission)), [session.permissions]);
  const active = items.find((n) => n.id === route[0]) ?? items[0];

  useShortcuts(
    {
      help: () => setHelpOpen(true),
      nav: (_e, i) => items[i] && navigate([items[i].id]),
    },
    !helpOpen && !password,
  );

  const roles = session.staff.roles.map((r) => t(`role.${r}`)).join('、');
  const branchName = info?.branchName ?? session.staff.branch;

  return (
    <div className="shell">
      <header className="topbar">
        <div className="topbar-brand">
          <span className="brand-mark brand-mark-small" aria-hidden="true">精</span>
          <span className="topbar-app">{t('app.name')}</span>
          <span className="topbar-sep" aria-hidden="true" />
          <span className="topbar-branch" data-testid="topbar-branch">{branchName}</span>
        </div>
        <div className="topbar-right">
          <SyncChip />
          <span className="topbar-user" data-testid="topbar-user">
            <strong>{session.staff.name}</strong>
            <span className="muted-on-dark">（{session.staff.staffNo}）· {roles}</span>
          </span>
          {info?.trustRoot === 'demo' && <span className="demo-trust" title={t('staffUi.demoTrustHint')} data-testid="demo-trust">{t('staffUi.demoTrust')}</span>}
          <LanguageSwitch className="on-dark" />
          <button type="button" className="topbar-button" onClick={() => setPassword({ requestId: null })} data-testid="change-password">
            {t('staffUi.changePassword')}
          </button>
          <button type="button" className="topbar-button" onClick={() => setHelpOpen(true)} title="F1">
            {t('desk.help.button')}
          </button>
          <button type="button" className="topbar-button" onClick={onLogout}>
            {t('desk.logout')}
          </button>
        </div>
      </header>
      <nav className="sidenav" aria-label={t('desk.nav.label')}>
        <ul>
          {items.map((item, i) => (
            <li key={item.id}>
              <a
                href={`#/${item.id}`}
                aria-current={item === active ? 'page' : undefined}
                className={item === active ? 'active' : undefined}
              >
                <span>{t(item.labelKey)}</span>
                {item.id === 'risk' && <RiskBadge />}
                {i < 9 && <kbd className="nav-key">Alt+{i + 1}</kbd>}
              </a>
            </li>
          ))}
        </ul>
        {info && <p className="sidenav-foot">{t('desk.login.device', { device: info.device, version: info.version })}</p>}
      </nav>
      <main className="content">
        {active ? (
          <Suspense fallback={<ScreenLoading />}>
            <active.Screen session={session} path={route.slice(1)} navigate={(p) => navigate([active.id, ...p])} covered={helpOpen} />
          </Suspense>
        ) : (
          <p className="empty">{t('desk.nav.nothing')}</p>
        )}
      </main>
      {helpOpen && <HelpOverlay onClose={() => setHelpOpen(false)} />}
      {password && (
        <Dialog title={t('staffUi.changePassword')} onRequestClose={() => setPassword(null)} testId="change-password-dialog">
          <p className="muted">{t('staffUi.changeExplain')}</p>
          {password.requestId ? (
            <PasswordRequestStatus requestId={password.requestId} />
          ) : (
            <ChangePasswordForm onSubmitted={(requestId) => { setPassword({ requestId }); onPasswordSent(); }} />
          )}
        </Dialog>
      )}
    </div>
  );
}
