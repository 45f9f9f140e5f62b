import { useTranslation } from 'react-i18next';
import type { StaffListView } from '../../../../main/core/staff/staff.contract';
import { showDateTime } from '../../../format/time';
import type { RequestKind } from '../StaffRequestDialog';

export type Member = StaffListView['staff'][number];

interface Props {
  staff: Member[];
  /** The logged-in member: nobody asks for changes to themselves. */
  me: string;
  canRequest: boolean;
  onAsk(kind: RequestKind, member: Member): void;
}

/** The staff head office signed for this branch, with the requests one may make for each. */
export function StaffTable({ staff, me, canRequest, onAsk }: Props) {
  const { t } = useTranslation();
  return (
    <table className="grid" data-testid="staff-table">
      <thead>
        <tr>
          <th>{t('staffUi.staffNo')}</th><th>{t('staffUi.name')}</th><th>{t('staffUi.roles')}</th><th>{t('staffUi.state')}</th>
          <th>{t('staffUi.updated')}</th>{canRequest && <th>{t('staffUi.actions')}</th>}
        </tr>
      </thead>
      <tbody>
        {staff.map((m) => (
          <tr key={m.staffNo} data-staff-no={m.staffNo}>
            <td className="mono">{m.staffNo}</td>
            <td>{m.name}</td>
            <td>{m.roles.map((r) => t(`role.${r}`)).join('、')}</td>
            <td>{!m.active ? t('staffUi.disabled') : m.mustChangePassword ? t('staffUi.mustChange') : t('staffUi.active')}</td>
            <td className="muted">{showDateTime(m.updatedAt)} · v{m.version}</td>
            {canRequest && (
              <td className="staff-actions">
                {m.staffNo !== me && (
                  <>
                    <button type="button" className="button button-small" onClick={() => onAsk('roles', m)}>{t('staff.kind.roles')}</button>
                    <button type="button" className="button button-small" onClick={() => onAsk('reset-password', m)} data-testid="staff-reset">{t('staff.kind.reset-password')}</button>
                    <button type="button" className="button button-small" onClick={() => onAsk(m.active ? 'disable' : 'enable', m)} data-testid="staff-toggle">
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
  );
}
