import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationRow } from '../../../main/core/credit/credit.contract';
import { api } from '../../api/client';
import { useApiEvent } from '../../api/use-api-event';
import { errorText } from '../labels';
import type { ScreenProps } from '../nav';
import { ApplicationPage } from './ApplicationPage';
import { formatElapsed, formatYuan, limitText } from './credit-format';
import { ScreenLoading } from '../ScreenLoading';
import './credit.css';

/** 人工调查: referred applications oldest first; opening one shows the decision and the findings form. */
export function InvestigationScreen({ session, path, navigate, covered }: ScreenProps) {
  const { t, i18n } = useTranslation();
  const [rows, setRows] = useState<ApplicationRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [active, setActive] = useState(0);
  const [loadedAt, setLoadedAt] = useState(0);
  useApiEvent('loan.changed', () => setRefresh((n) => n + 1));
  useEffect(() => {
    api.call('loans.queue', {}).then((r) => {
      setRows(r);
      setLoadedAt(Date.now());
    }, (e: unknown) => setError(errorText(e, t)));
  }, [refresh, t]);

  if (path[0]) {
    return (
      <div>
        <div className="credit-back"><button type="button" className="link-button" onClick={() => navigate([])}>← {t('credit.ui.backToQueue')}</button></div>
        <ApplicationPage id={path[0]} session={session} navigate={(p) => (p[0] === 'loan' ? (window.location.hash = `#/loans/${p.map(encodeURIComponent).join('/')}`) : navigate(p))} covered={covered} />
      </div>
    );
  }
  return (
    <div className="credit-page">
      <div className="credit-toolbar">
        <h1 className="pane-title">{t('credit.ui.queueTitle')}</h1>
        {rows && <span className="muted" data-testid="queue-count">{t('credit.ui.queueCount', { n: String(rows.length) })}</span>}
      </div>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {!rows && !error && <ScreenLoading />}
      {rows && rows.length > 0 && (
        <table
          className="grid results"
          data-testid="investigation-queue"
          tabIndex={0}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setActive((a) => Math.min(rows.length - 1, a + 1));
            else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
            else if (e.key === 'Enter' && rows[active]) navigate([rows[active]!.id]);
            else return;
            e.preventDefault();
          }}
        >
          <thead><tr><th>{t('credit.ui.customer')}</th><th>{t('credit.ui.product')}</th><th className="num">{t('credit.ui.requested')}</th><th className="num">{t('credit.ui.limit')}</th><th>{t('credit.ui.waiting')}</th></tr></thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.id} className={i === active ? 'active' : ''} onClick={() => navigate([r.id])}>
                <td className="cell-name">{r.customerName}</td>
                <td>{t(`credit.product.${r.productCode}`)}</td>
                <td className="num mono">{formatYuan(r.requestedAmountFen)}</td>
                <td className="num mono">{limitText(r, t)}</td>
                <td>{r.decidedAt ? formatElapsed(loadedAt - Date.parse(r.decidedAt), i18n.language) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows && rows.length === 0 && <p className="empty" data-testid="queue-empty">{t('credit.ui.queueEmpty')}</p>}
    </div>
  );
}
