import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffListView, StaffRequestView } from '../../../main/core/staff/staff.contract';
import { api } from '../../api/client';
import { useApiEvent } from '../../api/use-api-event';
import { errorText } from '../labels';
import type { ScreenProps } from '../nav';
import { showDateTime } from '../../format/time';
import { ApproveDialog } from './ApproveDialog';
import { StaffRequestDialog, type RequestKind } from './StaffRequestDialog';
import './staff.css';

type Member = StaffListView['staff'][number];

/**
 * 员工管理: the staff head office has signed for this branch, and the requests to head office. Nothing here changes
 * a staff record directly: a request goes to head office, a second person approves, head office signs, and the
 * signed record comes back by sync.
 */
export function StaffScreen({ session }: ScreenProps) {
  const { t } = useTranslation();
  const [list, setList] = useState<StaffListView | null>(null);
  const [requests, setRequests] = useState<StaffRequestView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ kind: RequestKind; member: Member | null } | null>(null);
  const [approving, setApproving] = useState<StaffRequestView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const canRequest = session.permissions.includes('staff.request');
  const canApprove = session.permissions.includes('staff.approve');

  const load = useCallback(() => {
    Promise.all([api.call('staff.list', {}), api.call('staff.requests', { open: false })]).then(
      ([l, r]) => {
        setList(l);
        setRequests(r);
        setError(null);
      },
      (e: unknown) => setError(errorText(e, t)),
    );
  }, [t]);
  useEffect(load, [load]);
  useApiEvent('staff.changed', load);

  const done = (key: string) => () => {
    setAsking(null);
    setApproving(null);
    setNotice(t(key));
    load();
  };

  return (
    <div className="staff-screen" data-testid="staff-screen">
      <div className="credit-toolbar">
        <h1 className="pane-title">{t('staffUi.title')}</h1>
        {canRequest && (
          <button type="button" className="button button-primary" onClick={() => setAsking({ kind: 'create', member: null })} data-testid="staff-new">
            {t('staff.kind.create')}
          </button>
        )}
      </div>
      <p className="muted">{t('staffUi.intro')}</p>
      {notice && <p className="notice notice-info" role="status" data-testid="staff-notice">{notice}</p>}
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {list && list.untrusted.length > 0 && (
        <p className="notice notice-error" role="alert" data-testid="staff-untrusted">{t('staffUi.untrusted', { list: list.untrusted.join('、') })}</p>
      )}

      <section className="panel">
        <h2>{t('staffUi.listTitle')}</h2>
        {!list ? (
          <p className="muted" role="status">{t('desk.loading')}</p>
        ) : (
          <table className="grid" data-testid="staff-table">
            <thead>
              <tr>
                <th>{t('staffUi.staffNo')}</th><th>{t('staffUi.name')}</th><th>{t('staffUi.roles')}</th><th>{t('staffUi.state')}</th>
                <th>{t('staffUi.updated')}</th>{canRequest && <th>{t('staffUi.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {list.staff.map((m) => (
                <tr key={m.staffNo} data-staff-no={m.staffNo}>
                  <td className="mono">{m.staffNo}</td>
                  <td>{m.name}</td>
                  <td>{m.roles.map((r) => t(`role.${r}`)).join('、')}</td>
                  <td>{!m.active ? t('staffUi.disabled') : m.mustChangePassword ? t('staffUi.mustChange') : t('staffUi.active')}</td>
                  <td className="muted">{showDateTime(m.updatedAt)} · v{m.version}</td>
                  {canRequest && (
                    <td className="staff-actions">
                      {m.staffNo !== session.staff.staffNo && (
                        <>
                          <button type="button" className="button button-small" onClick={() => setAsking({ kind: 'roles', member: m })}>{t('staff.kind.roles')}</button>
                          <button type="button" className="button button-small" onClick={() => setAsking({ kind: 'reset-password', member: m })} data-testid="staff-reset">{t('staff.kind.reset-password')}</button>
                          <button type="button" className="button button-small" onClick={() => setAsking({ kind: m.active ? 'disable' : 'enable', member: m })} data-testid="staff-toggle">
                            {t(m.active ? 'staff.kind.disable' : 'staff.kind.enable')}
                          </button>
                        </>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel">
        <h2>{t('staffUi.requestsTitle')}</h2>
        {!requests ? (
          <p className="muted" role="status">{t('desk.loading')}</p>
        ) : requests.length === 0 ? (
          <p className="muted">{t('staffUi.noRequests')}</p>
        ) : (
          <table className="grid" data-testid="staff-requests">
            <thead>
              <tr><th>{t('staffUi.requestedAt')}</th><th>{t('staffUi.kind')}</th><th>{t('staffUi.staffNo')}</th><th>{t('staffUi.requestedBy')}</th><th>{t('staffUi.state')}</th><th /></tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id} data-request={r.id} data-state={r.state}>
                  <td className="muted">{showDateTime(r.requestedAt)}</td>
                  <td>{t(`staff.kind.${r.kind}`)}{r.roles ? `：${r.roles.map((x) => t(`role.${x}`)).join('、')}` : ''}</td>
                  <td>{r.staffName}（{r.staffNo}）</td>
                  <td>{r.requestedByName}{r.approvals.length > 0 && <span className="muted"> · {t('staffUi.approvedBy', { who: r.approvals.map((a) => a.name).join('、') })}</span>}</td>
                  <td className={`staff-state staff-state-${r.state}`}>
                    {t(`staff.state.${r.state}`)}
                    {r.decision?.reason && <div className="muted small">{r.decision.reason}</div>}
                    {r.declined && <div className="muted small">{r.declined.name}：{r.declined.reason}</div>}
                  </td>
                  <td>
                    {canApprove && r.state === 'awaiting-approval' && r.requestedBy !== session.staff.staffNo && (
                      <button type="button" className="button button-small button-primary" onClick={() => setApproving(r)} data-testid="staff-approve">{t('staffUi.review')}</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {asking && <StaffRequestDialog kind={asking.kind} member={asking.member} onCancel={() => setAsking(null)} onDone={done('staffUi.requestSent')} />}
      {approving && <ApproveDialog request={approving} onCancel={() => setApproving(null)} onDone={done('staffUi.approvalSent')} />}
    </div>
  );
}
