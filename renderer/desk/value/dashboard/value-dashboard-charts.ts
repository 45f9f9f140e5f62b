import type { useTranslation } from 'react-i18next';
import { OFFER_CHANNELS } from '../../../../domain/value/segment-rules';
import { TIER_CODES } from '../../../../domain/value/value-rules';
import type { ValueDashboardView } from '../../../../main/core/value/value-dashboard.contract';
import type { ChartOption } from '../../charts/use-chart';

type Translate = ReturnType<typeof useTranslation>['t'];
type PointsMonth = NonNullable<ValueDashboardView['pointsFlows']>['months'][number];

export const pct = (bp: number) => `${(bp / 100).toFixed(1)}%`;
export const num = (n: number) => n.toLocaleString('zh-CN');
export const POINT_FLOWS = ['issued', 'redeemed', 'expired', 'returned'] as const;

/** Customers per value tier. */
export const tierChart = (d: ValueDashboardView, t: Translate): ChartOption => ({
  tooltip: { trigger: 'axis' },
  grid: { left: 48, right: 16, top: 24, bottom: 30 },
  xAxis: { type: 'category', data: TIER_CODES.map((c) => t(`value.tier.${c}`)) },
  yAxis: { type: 'value', minInterval: 1, name: t('valueDash.tiersAxis') },
  series: [{ type: 'bar', data: TIER_CODES.map((c) => d.tiers[c]), itemStyle: { color: '#1f6fb8' }, label: { show: true, position: 'top' } }],
});

/** Offers shown, accepted and opened per channel. */
export const funnelChart = (d: ValueDashboardView, t: Translate): ChartOption => ({
  tooltip: { trigger: 'axis' },
  legend: { top: 0, data: [t('valueDash.shown'), t('valueDash.accepted'), t('valueDash.opened')] },
  grid: { left: 48, right: 16, top: 36, bottom: 30 },
  xAxis: { type: 'category', data: OFFER_CHANNELS.map((c) => t(`value.offerChannel.${c}`)) },
  yAxis: { type: 'value', minInterval: 1 },
  series: (['shown', 'accepted', 'opened'] as const).map((k, i) => ({
    name: t(`valueDash.${k}`), type: 'bar', data: OFFER_CHANNELS.map((c) => d.funnelByChannel[c][k]), itemStyle: { color: ['#9aa5b1', '#1f6fb8', '#1c7a44'][i] },
  })),
});

/** Tasks done and open per grid and manager, stacked; none when there are no tasks. */
export const tasksChart = (d: ValueDashboardView, t: Translate): ChartOption | null => (d.tasks.lines.length === 0 ? null : {
  tooltip: { trigger: 'axis' },
  legend: { top: 0, data: [t('valueDash.done'), t('valueDash.open')] },
  grid: { left: 48, right: 16, top: 36, bottom: 30 },
  xAxis: { type: 'category', data: d.tasks.lines.map((l) => `${l.grid} ${l.assigneeName}`) },
  yAxis: { type: 'value', minInterval: 1, name: t('valueDash.tasksAxis') },
  series: [
    { name: t('valueDash.done'), type: 'bar', stack: 'tasks', data: d.tasks.lines.map((l) => l.done), itemStyle: { color: '#1c7a44' } },
    { name: t('valueDash.open'), type: 'bar', stack: 'tasks', data: d.tasks.lines.map((l) => l.tasks - l.done), itemStyle: { color: '#f0a202' } },
  ],
});

/** The branch's points issued, redeemed, expired and returned per month; none without months. */
export const pointsChart = (months: PointsMonth[], t: Translate): ChartOption | null => (months.length === 0 ? null : {
  tooltip: { trigger: 'axis' },
  legend: { top: 0, data: POINT_FLOWS.map((k) => t(`valueDash.points.${k}`)) },
  grid: { left: 64, right: 16, top: 36, bottom: 30 },
  xAxis: { type: 'category', data: months.map((m) => m.month) },
  yAxis: { type: 'value', minInterval: 1 },
  series: POINT_FLOWS.map((k, i) => ({
    name: t(`valueDash.points.${k}`), type: 'bar', data: months.map((m) => m[k]), itemStyle: { color: ['#1f6fb8', '#1c7a44', '#c0392b', '#9aa5b1'][i] },
  })),
});
