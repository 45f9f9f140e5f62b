import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLASSIFICATIONS } from '../../../../domain/credit/rules/fields';
import type { RiskDashboard } from '../../../../domain/post-loan/risk-dashboard';
import { formatBpAsPercent, formatYuan } from '../../credit/credit-format';

/** Balance and loans, the overdue rate, the NPL ratio and the open risk events. */
export function RiskKpis({ data }: { data: RiskDashboard }) {
  const { t } = useTranslation();
  return (
    <div className="kpis">
      <div className="kpi" data-testid="kpi-loans"><span className="kpi-label">{t('risk.dash.balance')}</span><span className="kpi-value">{formatYuan(data.balanceFen)}</span><span className="kpi-sub">{t('risk.dash.loans', { n: data.loans })}</span></div>
      <div className="kpi" data-testid="kpi-overdue"><span className="kpi-label">{t('risk.dash.overdueRate')}</span><span className="kpi-value">{formatBpAsPercent(data.overdueBp)}</span><span className="kpi-sub">{t('risk.dash.overdueSub', { n: data.overdueLoans, amount: formatYuan(data.overdueBalanceFen) })}</span></div>
      <div className="kpi kpi-accent" data-testid="kpi-npl"><span className="kpi-label">{t('risk.dash.nplRatio')}</span><span className="kpi-value">{formatBpAsPercent(data.nplBp)}</span><span className="kpi-sub">{t('risk.dash.nplSub', { amount: formatYuan(data.nplFen) })}</span></div>
      <div className="kpi" data-testid="kpi-events"><span className="kpi-label">{t('risk.dash.openEvents')}</span><span className="kpi-value">{data.events.open}</span><span className="kpi-sub">{t('risk.dash.pastDeadline', { n: data.events.pastDeadline })}</span></div>
    </div>
  );
}

/** Loans, balance and non-performing amount at each month end. */
export function RiskMonths({ data }: { data: RiskDashboard }) {
  const { t } = useTranslation();
  return (
    <section className="panel">
      <h2>{t('risk.dash.months')}</h2>
      <table className="grid" data-testid="risk-months">
        <thead><tr><th>{t('risk.dash.month')}</th><th className="num">{t('risk.dash.loansCol')}</th><th className="num">{t('risk.dash.balance')}</th><th className="num">{t('risk.dash.nplFen')}</th><th className="num">{t('risk.dash.nplRatio')}</th></tr></thead>
        <tbody>
          {data.months.map((m) => (
            <tr key={m.month}><td>{m.month}</td><td className="num">{m.loans}</td><td className="num">{formatYuan(m.balanceFen)}</td><td className="num">{formatYuan(m.nplFen)}</td><td className="num">{formatBpAsPercent(m.nplBp)}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The five-category migration matrix between two month ends (the latest pair first; another can be chosen). */
export function RiskMigration({ data }: { data: RiskDashboard }) {
  const { t } = useTranslation();
  const [pair, setPair] = useState<number | null>(null);
  const migrations = data.migrations;
  const shown = migrations[pair ?? migrations.length - 1];
  return (
    <section className="panel">
      <h2>{t('risk.dash.migration')}</h2>
      {shown ? (
        <>
          <label className="migration-pair">
            {t('risk.dash.migrationPair')}{' '}
            <select value={pair ?? migrations.length - 1} onChange={(e) => setPair(Number(e.target.value))} data-testid="migration-pair">
              {migrations.map((m, i) => <option key={m.to} value={i}>{`${m.from} → ${m.to}`}</option>)}
            </select>
          </label>
          <table className="grid" data-testid="risk-migration">
            <thead><tr><th>{t('risk.dash.fromTo')}</th>{CLASSIFICATIONS.map((c) => <th key={c} className="num">{t(`credit.classification.${c}`)}</th>)}</tr></thead>
            <tbody>
              {CLASSIFICATIONS.map((from) => (
                <tr key={from}>
                  <th scope="row">{t(`credit.classification.${from}`)}</th>
                  {CLASSIFICATIONS.map((to) => {
                    const cell = shown.cells[from][to];
                    const moved = from !== to && cell.loans > 0;
                    return <td key={to} className={moved ? 'num migration-moved' : 'num'} title={formatYuan(cell.balanceFen)}>{cell.loans}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{t('risk.dash.migrationSummary', { down: shown.downgraded, up: shown.upgraded })}</p>
        </>
      ) : (
        <p className="empty">{t('risk.dash.noMigration')}</p>
      )}
    </section>
  );
}
