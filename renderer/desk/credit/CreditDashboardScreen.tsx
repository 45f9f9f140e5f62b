import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricName } from '../../../domain/credit/metrics';
import type { DashboardView } from '../../../main/core/credit/credit.contract';
import { api } from '../../api/client';
import { useApiEvent } from '../../api/use-api-event';
import { errorText } from '../labels';
import { ScreenLoading } from '../ScreenLoading';
import type { ScreenProps } from '../nav';
import { useChart } from '../charts/use-chart';
import { formatElapsed } from './credit-format';
import './credit.css';

const CARDS: MetricName[] = [
  'applications', 'passedToManual', 'rejected', 'rejectionRate', 'grantedHouseholds', 'grantedAmount', 'signedHouseholds',
  'signedAmount', 'drawnHouseholds', 'drawnAmount', 'averageSignedLimit', 'householdUsageRate', 'amountUsageRate', 'averageProcessingTime',
];

/** 支行信贷看板: every figure computed from the applications and loans on open, nothing stored. */
export function CreditDashboardScreen(_props: ScreenProps) {
  const { t, i18n } = useTranslation();
  const [data, setData] = useState<DashboardView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  useApiEvent('loan.changed', () => setRefresh((n) => n + 1));
  useEffect(() => {
    api.call('credit.dashboard', {}).then(setData, (e: unknown) => setError(errorText(e, t)));
  }, [refresh, t]);
  const funnelEl = useRef<HTMLDivElement>(null);
  const productEl = useRef<HTMLDivElement>(null);
  const dayEl = useRef<HTMLDivElement>(null);
  const en = i18n.language === 'en';
  const m = data?.metrics;

  const options = useMemo(() => {
    if (!data || !m) return null;
    const wan = (fen: number) => Math.round(fen / 10_000) / 100;
    return {
      funnel: {
        tooltip: { trigger: 'item', formatter: '{b}: {c}' },
        series: [{
          type: 'funnel', left: 10, right: 10, top: 10, bottom: 10, sort: 'none', minSize: '30%', label: { position: 'inside', formatter: '{b}\n{c}' },
          data: [
            { name: `${t('credit.grantedAmount')}（${t('credit.ui.wanYuan')}）`, value: wan(m.grantedAmount.num) },
            { name: `${t('credit.signedAmount')}（${t('credit.ui.wanYuan')}）`, value: wan(m.signedAmount.num) },
            { name: `${t('credit.drawnAmount')}（${t('credit.ui.wanYuan')}）`, value: wan(m.drawnAmount.num) },
          ],
          color: ['#1f6fb8', '#3f8fd0', '#8fc0ea'],
        }],
      },
      product: {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: [t('credit.outcome.approve'), t('credit.outcome.refer'), t('credit.outcome.reject')] },
        grid: { left: 40, right: 16, top: 36, bottom: 56 },
        xAxis: { type: 'category', data: data.byProduct.map((p) => t(`credit.product.${p.productCode}`)), axisLabel: { interval: 0, rotate: 28, fontSize: 11 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: (['approve', 'refer', 'reject'] as const).map((o, i) => ({
          name: t(`credit.outcome.${o}`), type: 'bar', stack: 'all', data: data.byProduct.map((p) => p[o]), itemStyle: { color: ['#1c7a44', '#d99a1e', '#b42318'][i] },
        })),
      },
      day: {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: [t('credit.applications'), t('credit.rejected')] },
        grid: { left: 40, right: 16, top: 36, bottom: 30 },
        xAxis: { type: 'category', data: data.byDay.map((d) => d.day.slice(5)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: t('credit.applications'), type: 'line', data: data.byDay.map((d) => d.applications), itemStyle: { color: '#1f6fb8' }, areaStyle: { opacity: 0.12 } },
          { name: t('credit.rejected'), type: 'line', data: data.byDay.map((d) => d.rejected), itemStyle: { color: '#b42318' } },
        ],
      },
    };
  }, [data, m, t]);
  useChart(funnelEl, options?.funnel ?? null);
  useChart(productEl, options?.product ?? null);
  useChart(dayEl, options?.day ?? null);

  return (
    <div className="credit-page dashboard" data-testid="credit-dashboard">
      <div className="credit-toolbar"><h1 className="pane-title">{t('credit.ui.dashboard')}</h1><span className="muted">{t('credit.ui.dashboardNote')}</span></div>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {!data && !error && <ScreenLoading />}
      {m && (
        <div className="kpis">
          {CARDS.map((k) => (
            <div className="kpi" key={k} data-testid={`kpi-${k}`}>
              <span className="kpi-label">{en ? m[k].labelEn : m[k].labelZh}</span>
              <span className="kpi-value">{m[k].text}</span>
            </div>
          ))}
          <div className="kpi kpi-accent" data-testid="kpi-endToEnd">
            <span className="kpi-label">{t('credit.ui.endToEnd')}</span>
            <span className="kpi-value">{data!.endToEndMs === null ? '—' : formatElapsed(data!.endToEndMs, i18n.language)}</span>
            <span className="kpi-sub">{t('credit.ui.endToEndCount', { n: String(data!.endToEndCount) })}</span>
          </div>
        </div>
      )}
      {data && (
        <div className="charts">
          <section className="panel"><h2>{t('credit.ui.chartFunnel')}</h2><div ref={funnelEl} className="chart" /></section>
          <section className="panel"><h2>{t('credit.ui.chartProducts')}</h2><div ref={productEl} className="chart" /></section>
          <section className="panel"><h2>{t('credit.ui.chartDays')}</h2><div ref={dayEl} className="chart" /></section>
          <section className="panel">
            <h2>{t('credit.ui.stepTimes')}</h2>
            {data.averageStepMs.length ? (
              <table className="grid"><thead><tr><th>{t('credit.ui.step')}</th><th className="num">{t('credit.ui.stepAverage')}</th><th className="num">{t('credit.ui.stepCount')}</th></tr></thead><tbody>
                {data.averageStepMs.map((s) => <tr key={s.step}><td>{t(`credit.step.${s.step}`)}</td><td className="num">{formatElapsed(s.ms, i18n.language)}</td><td className="num muted">{s.count}</td></tr>)}
              </tbody></table>
            ) : (
              <p className="empty">{t('credit.ui.noSteps')}</p>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
