import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerRecord } from '../../../main/core/customers/customers.contract';
import type { ApplicationRow } from '../../../main/core/credit/credit.contract';
import { api } from '../../api/client';
import { useApiEvent } from '../../api/use-api-event';
import { formatYuan } from './credit-format';
import './credit.css';
import { showDate } from '../../format/time';

const go = (path: string[]) => {
  window.location.hash = `#/${path.map(encodeURIComponent).join('/')}`;
};

/** A new application for this customer (Alt+L anywhere on the customer page, whichever tab is open). */
export const openNewApplication = (customerId: string) => go(['loans', 'new', customerId]);

/** On the customer page: start a loan application, look through an enterprise's ownership, see this customer's applications. */
export function CreditActions({ record, canApply }: { record: CustomerRecord; canApply: boolean }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<ApplicationRow[] | null>(null);
  const [refresh, setRefresh] = useState(0);
  useApiEvent('loan.changed', () => setRefresh((n) => n + 1));
  useEffect(() => {
    api.call('loans.list', { filter: 'all', customerId: record.id, limit: 20 }).then(setRows, () => setRows(null));
  }, [record.id, refresh]);

  return (
    <section className="subsection credit-actions" data-testid="credit-actions">
      <div className="credit-actions-bar">
        <h3>{t('credit.ui.customerLoans')}</h3>
        {canApply && (
          <button type="button" className="button button-primary" onClick={() => openNewApplication(record.id)} title="Alt+L">
            {t('credit.ui.newApplication')} <kbd className="kbd-on-primary">Alt+L</kbd>
          </button>
        )}
        {record.kind === 'enterprise' && (
          <button type="button" className="button" onClick={() => go(['loans', 'ownership', record.id])}>
            {t('credit.ui.ownership')}
          </button>
        )}
      </div>
      {rows && rows.length > 0 ? (
        <table className="grid">
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td><a href={`#/loans/${encodeURIComponent(r.id)}`}>{t(`credit.product.${r.productCode}`)}</a></td>
                <td>{t(`credit.state.${r.state}`)}</td>
                <td className="num mono">{formatYuan(r.limitFen ?? r.requestedAmountFen)}</td>
                <td className="muted">{showDate(r.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('credit.ui.noApplications')}</p>
      )}
    </section>
  );
}
