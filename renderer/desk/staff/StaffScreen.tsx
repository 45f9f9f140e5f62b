import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffRequestView } from '../../../main/core/staff/staff.contract';
import type { ScreenProps } from '../nav';
import { ApproveDialog } from './ApproveDialog';
import { StaffRequestDialog, type RequestKind } from './StaffRequestDialog';
import { StaffRequestsTable } from './screen/StaffRequestsTable';
import { StaffTable, type Member } from './screen/StaffTable';
import { useStaffLists } from './screen/useStaffLists';
import './staff.css';

/**
 * 员工管理: the staff head office has signed for this branch, and the requests to head office. Nothing here changes
 * a staff record directly: a request goes to head office, a second person approves, head office signs, and the
 * signed record comes back by sync.
 */
export function StaffScreen({ session }: ScreenProps) {
  const { t } = useTranslation();
  const { list, requests, error, load } = useStaffLists();
  const [asking, setAsking] = useState<{ kind: RequestKind; member: Member | null } | null>(null);
  const [approving, setApproving] = useState<StaffRequestView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const canRequest = session.permissions.includes('staff.request');
  const canApprove = session.permissions.includes('staff.approve');
  const me = session.staff.staffNo;

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
          <StaffTable staff={list.staff} me={me} canRequest={canRequest} onAsk={(kind, member) => setAsking({ kind, member })} />
        )}
      </section>

      <section className="panel">
        <h2>{t('staffUi.requestsTitle')}</h2>
        {!requests ? (
          <p className="muted" role="status">{t('desk.loading')}</p>
        ) : requests.length === 0 ? (
          <p className="muted">{t('staffUi.noRequests')}</p>
        ) : (
          <StaffRequestsTable requests={requests} me={me} canApprove={canApprove} onReview={setApproving} />
        )}
      </section>

      {asking && <StaffRequestDialog kind={asking.kind} member={asking.member} onCancel={() => setAsking(null)} onDone={done('staffUi.requestSent')} />}
      {approving && <ApproveDialog request={approving} onCancel={() => setApproving(null)} onDone={done('staffUi.approvalSent')} />}
    </div>
  );
}
