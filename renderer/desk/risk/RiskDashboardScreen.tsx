import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLASSIFICATIONS } from '../../../domain/credit/rules/fields';
import type { RiskDashboard } from '../../../domain/post-loan/risk-dashboard';
import { api } from '../../api/client';
import { useChart, type ChartOption } from '../charts/use-chart';
import { formatBpAsPercent, formatYuan } from '../credit/credit-format';
import { errorText } from '../labels';
import type { ScreenProps } from '../nav';
import { ScreenLoading } from '../ScreenLoading';
import '../credit/credit.css';

const CLASS_COLORS = ['#1c7a44', '#d99a1e', '#e0662a', '#b42318', '#5b1a14'];
const wan = (fen: number) => Math.round(fen / 10_000) / 100;

/**
 * 贷后风险看板 (branch): overdue rate, NPL ratio month by month, the five-category migration matrix between two
 * month ends, and open risk events by age — all computed on open from head office's published loan states.
 */
export function RiskDashboardScreen(_props: ScreenProps) {
  const { t } = useTranslation();
  const [data, setData] = useState<RiskDashboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pair, setPair] = useState<number | null>(null);
  useEffect(() => {
    api.call('risk.dashboard', {}).then(setData, (e: unknown) => setError(errorText(e, t)));
  }, [t]);
  const trendEl = useRef<HTMLDivElement>(null);
  const ageEl = useRef<HTMLDivElement>(null);

  const options = useMemo((): { trend: ChartOption; age: ChartOption } | null => {
    if (!data) return null;
    const classes = CLASSIFICATIONS.map((c) => t(`credit.classification.${c}`));
    return {
      trend: {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: [...classes, t('risk.dash.npl')] },
        grid: { left: 48, right: 48, top: 48, bottom: 28 },
        xAxis: { type: 'category', data: data.months.map((m) => m.month) },
        yAxis: [
          { type: 'value', name: t('credit.ui.wanYuan') },
          { type: 'value', name: '%', axisLabel: { formatter: '{value}%' } },
        ],
        series: [
          ...CLASSIFICATIONS.map((c, i) => ({
            name: classes[i], type: 'bar', stack: 'balance', data: data.months.map((m) => wan(m.byClass[c].balanceFen)), itemStyle: { color: CLASS_COLORS[i] },
          })),
          { name: t('risk.dash.npl'), type: 'line', yAxisIndex: 1, data: data.months.map((m) => m.nplBp / 100), itemStyle: { color: '#1f6fb8' } },
        ],
      },
      age: {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: [t('risk.queue.branch'), t('risk.queue.risk')] },
        grid: { left: 40, right: 16, top: 36, bottom: 28 },
        xAxis: { type: 'category', data: data.events.byAge.map((b) => t(`risk.dash.age.${b.bucket}`)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: (['branch', 'risk'] as const).map((q, i) => ({
          name: t(`risk.queue.${q}`), type: 'bar', stack: 'events', data: data.events.byAge.map((b) => b[q]), itemStyle: { color: ['#1f6fb8', '#b42318'][i] },
        })),
      },
    };
  }, [data, t]);
  useChart(trendEl, options?.trend ?? null);
  useChart(ageEl, options?.age ?? null);

  const migrations = data?.migrations ?? [];
  const shown = migrations[pair ?? migrations.length - 1];

  return (
    <div className="credit-page dashboard" data-testid="risk-dashboard">
      <div className="credit-toolbar">
        <h1 className="pane-title">{t('risk.dash.title')}</h1>
        {data && <span className="muted">{t('risk.dash.note', { date: data.date })}</span>}
      </div>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {!data && !error && <ScreenLoading />}
      {data && (
        <>
          <div className="kpis">
            <div className="kpi" data-testid="kpi-loans"><span className="kpi-label">{t('risk.dash.balance')}</span><span className="kpi-value">{formatYuan(data.balanceFen)}</span><span className="kpi-sub">{t('risk.dash.loans', { n: data.loans })}</span></div>
            <div className="kpi" data-testid="kpi-overdue"><span className="kpi-label">{t('risk.dash.overdueRate')}</span><span className="kpi-value">{formatBpAsPercent(data.overdueBp)}</span><span className="kpi-sub">{t('risk.dash.overdueSub', { n: data.overdueLoans, amount: formatYuan(data.overdueBalanceFen) })}</span></div>
            <div className="kpi kpi-accent" data-testid="kpi-npl"><span className="kpi-label">{t('risk.dash.nplRatio')}</span><span className="kpi-value">{formatBpAsPercent(data.nplBp)}</span><span className="kpi-sub">{t('risk.dash.nplSub', { amount: formatYuan(data.nplFen) })}</span></div>
            <div className="kpi" data-testid="kpi-events"><span className="kpi-label">{t('risk.dash.openEvents')}</span><span className="kpi-value">{data.events.open}</span><span className="kpi-sub">{t('risk.dash.pastDeadline', { n: data.events.pastDeadline })}</span></div>
          </div>
          <div className="charts">
            <section className="panel"><h2>{t('risk.dash.trend')}</h2><div ref={trendEl} className="chart" /></section>
            <section className="panel"><h2>{t('risk.dash.byAge')}</h2><div ref={ageEl} className="chart" /></section>
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
          </div>
        </>
      )}
    </div>
  );
}
