import { useTranslation } from 'react-i18next';
import type { StaffRequestView } from '../../../../main/core/staff/staff.contract';
import { showDateTime } from '../../../format/time';

interface Props {
  requests: StaffRequestView[];
  /** The logged-in member: nobody approves their own request. */
  me: string;
  canApprove: boolean;
  onReview(request: StaffRequestView): void;
}

/** The requests to head office, newest first, with their state and, where this person may give it, the second approval. */
export function StaffRequestsTable({ requests, me, canApprove, onReview }: Props) {
  const { t } = useTranslation();
  return (
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
              {canApprove && r.state === 'awaiting-approval' && r.requestedBy !== me && (
                <button type="button" className="button button-small button-primary" onClick={() => onReview(r)} data-testid="staff-approve">{t('staffUi.review')}</button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
