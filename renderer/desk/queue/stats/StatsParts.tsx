import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatLine } from '../../../../domain/queue/stats';
import type { QueueStatsView } from '../../../../main/core/queue/queue.contract';
import { useChart, type ChartOption } from '../../charts/use-chart';

export const minutes = (sec: number | null) => (sec === null ? '—' : (sec / 60).toFixed(1));

/** The days' totals and how far the wait estimate shown at the kiosk was off. */
export function StatsCards({ stats }: { stats: QueueStatsView }) {
  const { t } = useTranslation();
  return (
    <div className="queue-stats-cards">
      <div className="queue-stats-card">{t('queue.csv.tickets')}<strong data-testid="queue-stats-total">{stats.total.tickets}</strong></div>
      <div className="queue-stats-card">{t('queue.csv.served')}<strong>{stats.total.served}</strong></div>
      <div className="queue-stats-card">{t('queue.csv.noShows')}<strong>{stats.total.noShows}</strong></div>
      <div className="queue-stats-card">{t('queue.ui.avgWaitMin')}<strong>{minutes(stats.total.avgWaitSec)}</strong></div>
      <div className="queue-stats-card">{t('queue.ui.p90WaitMin')}<strong>{minutes(stats.total.p90WaitSec)}</strong></div>
      <div className="queue-stats-card" title={t('queue.ui.estimateHint')}>
        {t('queue.ui.estimateError', { n: stats.estimate.samples })}
        <strong>{minutes(stats.estimate.meanAbsErrorSec)}</strong>
        <span className="muted">{t('queue.ui.estimateBias', { bias: minutes(stats.estimate.biasSec), p90: minutes(stats.estimate.p90AbsErrorSec) })}</span>
      </div>
    </div>
  );
}

/** Tickets issued (bars) and the average wait (line) by hour of the day. */
export function StatsChart({ stats }: { stats: QueueStatsView }) {
  const { t } = useTranslation();
  const chartEl = useRef<HTMLDivElement>(null);
  const option = useMemo((): ChartOption => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 4, data: [t('queue.ui.chartIssued'), t('queue.ui.chartWait')] },
    grid: { left: 48, right: 56, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: stats.byHour.map((h) => `${String(h.hour).padStart(2, '0')}:00`) },
    yAxis: [{ type: 'value', name: t('queue.ui.chartIssuedAxis') }, { type: 'value', name: t('queue.ui.chartWaitAxis') }],
    series: [
      { name: t('queue.ui.chartIssued'), type: 'bar', data: stats.byHour.map((h) => h.issued), itemStyle: { color: '#1f6fb8' } },
      { name: t('queue.ui.chartWait'), type: 'line', yAxisIndex: 1, data: stats.byHour.map((h) => (h.avgWaitSec === null ? null : +(h.avgWaitSec / 60).toFixed(1))), itemStyle: { color: '#b3541e' } },
    ],
  }), [stats, t]);
  useChart(chartEl, option);
  return <div className="queue-chart" ref={chartEl} />;
}

/** One line per service or teller: tickets, outcomes, waits and service times. */
export function StatsTable({ rows, label, testId }: { rows: StatLine[]; label: (key: string) => string; testId: string }) {
  const { t } = useTranslation();
  return (
    <table className="grid" data-testid={testId}>
      <thead>
        <tr>
          <th />
          <th className="num">{t('queue.csv.tickets')}</th><th className="num">{t('queue.csv.served')}</th>
          <th className="num">{t('queue.csv.noShows')}</th><th className="num">{t('queue.csv.transferred')}</th>
          <th className="num">{t('queue.ui.avgWaitMin')}</th><th className="num">{t('queue.ui.p90WaitMin')}</th>
          <th className="num">{t('queue.ui.avgServiceMin')}</th><th className="num">{t('queue.ui.p90ServiceMin')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((l) => (
          <tr key={l.key}>
            <td>{label(l.key)}</td>
            <td className="num">{l.tickets}</td><td className="num">{l.served}</td><td className="num">{l.noShows}</td><td className="num">{l.transferred}</td>
            <td className="num">{minutes(l.avgWaitSec)}</td><td className="num">{minutes(l.p90WaitSec)}</td>
            <td className="num">{minutes(l.avgServiceSec)}</td><td className="num">{minutes(l.p90ServiceSec)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
