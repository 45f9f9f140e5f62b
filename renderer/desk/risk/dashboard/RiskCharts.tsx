import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CLASSIFICATIONS } from '../../../../domain/credit/rules/fields';
import type { RiskDashboard } from '../../../../domain/post-loan/risk-dashboard';
import { useChart, type ChartOption } from '../../charts/use-chart';

const CLASS_COLORS = ['#1c7a44', '#d99a1e', '#e0662a', '#b42318', '#5b1a14'];
const wan = (fen: number) => Math.round(fen / 10_000) / 100;

/** Balance by five-category class with the NPL ratio month by month, and open risk events by age. */
export function RiskCharts({ data }: { data: RiskDashboard }) {
  const { t } = useTranslation();
  const trendEl = useRef<HTMLDivElement>(null);
  const ageEl = useRef<HTMLDivElement>(null);
  const options = useMemo((): { trend: ChartOption; age: ChartOption } => {
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
  useChart(trendEl, options.trend);
  useChart(ageEl, options.age);
  return (
    <>
      <section className="panel"><h2>{t('risk.dash.trend')}</h2><div ref={trendEl} className="chart" /></section>
      <section className="panel"><h2>{t('risk.dash.byAge')}</h2><div ref={ageEl} className="chart" /></section>
    </>
  );
}
