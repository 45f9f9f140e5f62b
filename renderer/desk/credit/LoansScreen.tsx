import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationRow, LoanRow } from '../../../main/core/credit/credit.contract';
import { api } from '../../api/client';
import { useApiEvent } from '../../api/use-api-event';
import { errorText } from '../labels';
import { ScreenLoading } from '../ScreenLoading';
import type { ScreenProps } from '../nav';
import { ApplicationPage } from './ApplicationPage';
import { formatBpAsPercent, formatYuan, limitText } from './credit-format';
import { LoanPage } from './LoanPage';
import { ProductPicker } from './ProductPicker';
import './credit.css';
import { showDateTime } from '../../format/time';

// The ownership graph carries echarts: loaded when a graph is first opened.
const OwnershipPage = lazy(() => import('./OwnershipPage').then((m) => ({ default: m.OwnershipPage })));

type Filter = 'open' | 'draft' | 'referred' | 'done' | 'all' | 'loans';
const FILTERS: Filter[] = ['open', 'draft', 'referred', 'done', 'all', 'loans'];

/** 贷款: applications and loans; sub-routes open the wizard, an application, a loan or an ownership graph. */
export function LoansScreen(props: ScreenProps) {
  const [head, second] = props.path;
  if (head === 'new' && second) return <ProductPicker customerId={second} navigate={props.navigate} covered={props.covered} />;
  if (head === 'ownership' && second) return <Suspense fallback={<ScreenLoading />}><OwnershipPage customerId={second} /></Suspense>;
  if (head === 'loan' && second) return <LoanPage id={second} session={props.session} navigate={props.navigate} />;
  if (head) return <ApplicationPage id={head} session={props.session} navigate={props.navigate} covered={props.covered} />;
  return <LoanList {...props} />;
}

function LoanList({ navigate }: ScreenProps) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('open');
  const [apps, setApps] = useState<ApplicationRow[] | null>(null);
  const [loans, setLoans] = useState<LoanRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  useApiEvent('loan.changed', () => setRefresh((n) => n + 1));

  useEffect(() => {
    const fail = (e: unknown) => setError(errorText(e, t));
    if (filter === 'loans') api.call('loans.loanList', { status: 'all', limit: 200 }).then(setLoans, fail);
    else api.call('loans.list', { filter, limit: 200 }).then(setApps, fail);
  }, [filter, refresh, t]);

  return (
    <div className="credit-page">
      <div className="credit-toolbar">
        <h1 className="pane-title">{t('credit.ui.loans')}</h1>
        <div className="tabs" role="tablist">
          {FILTERS.map((f) => (
            <button key={f} type="button" role="tab" aria-selected={filter === f} className={filter === f ? 'tab active' : 'tab'} onClick={() => {
              if (f === filter) return;
              // The previous tab's rows must not stand in for this one's while it loads.
              setApps(null);
              setLoans(null);
              setFilter(f);
            }}>
              {t(`credit.ui.filter.${f}`)}
            </button>
          ))}
        </div>
      </div>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {!error && (filter === 'loans' ? !loans : !apps) && <ScreenLoading />}
      {filter !== 'loans' && apps && (
        <table className="grid results" data-testid="application-list">
          <thead>
            <tr>
              <th>{t('credit.ui.customer')}</th><th>{t('credit.ui.product')}</th><th>{t('credit.ui.state')}</th>
              <th className="num">{t('credit.ui.requested')}</th><th className="num">{t('credit.ui.limit')}</th><th className="num">{t('credit.ui.rate')}</th>
              <th>{t('credit.ui.updatedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {apps.map((r) => (
              <tr key={r.id} onClick={() => navigate([r.id])}>
                <td className="cell-name"><a href={`#/loans/${encodeURIComponent(r.id)}`}>{r.customerName}</a></td>
                <td>{t(`credit.product.${r.productCode}`)}</td>
                <td><span className={`state-tag state-${r.state}`}>{t(`credit.state.${r.state}`)}</span></td>
                <td className="num mono">{formatYuan(r.requestedAmountFen)}</td>
                <td className="num mono">{limitText(r, t)}</td>
                <td className="num mono">{r.rateBp ? formatBpAsPercent(r.rateBp) : '—'}</td>
                <td className="muted">{showDateTime(r.updatedAt)}</td>
              </tr>
            ))}
            {apps.length === 0 && <tr><td colSpan={7} className="muted">{t('credit.ui.noApplications')}</td></tr>}
          </tbody>
        </table>
      )}
      {filter === 'loans' && loans && (
        <table className="grid results" data-testid="loan-list">
          <thead>
            <tr>
              <th>{t('credit.ui.customer')}</th><th>{t('credit.ui.product')}</th><th>{t('credit.ui.state')}</th>
              <th className="num">{t('credit.ui.principal')}</th><th className="num">{t('credit.ui.rate')}</th><th>{t('credit.ui.startDate')}</th><th>{t('credit.ui.maturity')}</th>
            </tr>
          </thead>
          <tbody>
            {loans.map((l) => (
              <tr key={l.id} onClick={() => navigate(['loan', l.id])}>
                <td className="cell-name"><a href={`#/loans/loan/${encodeURIComponent(l.id)}`}>{l.customerName}</a></td>
                <td>{t(`credit.product.${l.productCode}`)}</td>
                <td>{t(`credit.state.${l.status}`)}</td>
                <td className="num mono">{formatYuan(l.principalFen)}</td>
                <td className="num mono">{formatBpAsPercent(l.rateBp)}</td>
                <td>{l.startDate}</td>
                <td>{l.maturityDate}</td>
              </tr>
            ))}
            {loans.length === 0 && <tr><td colSpan={7} className="muted">{t('credit.ui.noLoans')}</td></tr>}
          </tbody>
        </table>
      )}
    </div>
  );
}
