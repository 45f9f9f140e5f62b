import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatLine } from '../../../domain/queue/stats';
import type { QueueStatsView } from '../../../main/core/queue/queue.contract';
import { api } from '../../api/client';
import { errorText } from '../labels';
import type { ScreenProps } from '../nav';
import { ScreenLoading } from '../ScreenLoading';
import { DayRange } from '../DayRange';
import { branchToday } from '../../format/time';
import { useChart, type ChartOption } from '../charts/use-chart';
import './queue.css';

const minutes = (sec: number | null) => (sec === null ? '—' : (sec / 60).toFixed(1));

/** The branch head's view of the queue: waits and service times per service and teller, by hour, the estimate's error. */
export function QueueStatsScreen(_props: ScreenProps) {
  const { t, i18n } = useTranslation();
  // The queue's business day is the branch's (its configured UTC offset), which this PC's clock may not share.
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  useEffect(() => {
    const start = (day: string) => {
      setFrom((f) => f ?? day);
      setTo((d) => d ?? day);
    };
    api.call('queue.board', {}).then((b) => start(b.day), () => start(branchToday()));
  }, []);
  const [stats, setStats] = useState<QueueStatsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chartEl = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    if (!from || !to) return;
    api.call('queue.stats', { from, to }).then(
      (s) => {
        setStats(s);
        setError(null);
      },
      (e: unknown) => setError(errorText(e, t)),
    );
  }, [from, to, t]);
  useEffect(() => load(), [load]);

  const chartOption = useMemo((): ChartOption | null => (!stats ? null : {
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
  useChart(chartEl, chartOption);

  async function exportCsv() {
    if (!from || !to) return;
    try {
      const { filename, csv } = await api.call('queue.statsCsv', { from, to, lang: i18n.language === 'en' ? 'en' : 'zh-CN' });
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      setError(errorText(e, t));
    }
  }

  const table = (rows: StatLine[], label: (key: string) => string, testId: string) => (
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

  if (!from || !to) return <ScreenLoading />;
  return (
    <div className="queue-stats">
      <div className="pane-toolbar queue-stats-range">
        <DayRange from={from} to={to} onChange={(r) => { setFrom(r.from); setTo(r.to); }} />
        <span className="spacer" />
        <button type="button" className="button" onClick={load}>{t('queue.ui.refresh')}</button>
        <button type="button" className="button button-primary" onClick={() => void exportCsv()} data-testid="queue-stats-csv">{t('queue.ui.exportCsv')}</button>
      </div>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {!stats && !error && <ScreenLoading />}
      {stats && stats.total.tickets === 0 && (
        <p className="empty" data-testid="queue-stats-empty">{t('queue.ui.statsEmpty', { from, to })}</p>
      )}
      {stats && stats.total.tickets > 0 && (
        <>
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
          <div className="queue-chart" ref={chartEl} />
          <h2 className="pane-title">{t('queue.ui.byService')}</h2>
          {table(stats.byService, (k) => stats.serviceNames[k] ?? k, 'queue-stats-services')}
          <h2 className="pane-title">{t('queue.ui.byTeller')}</h2>
          {table(stats.byTeller, (k) => `${stats.tellerNames[k] ?? k}（${k}）`, 'queue-stats-tellers')}
        </>
      )}
    </div>
  );
}
