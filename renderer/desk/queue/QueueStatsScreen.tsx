import { useTranslation } from 'react-i18next';
import type { ScreenProps } from '../nav';
import { ScreenLoading } from '../ScreenLoading';
import { DayRange } from '../DayRange';
import { StatsCards, StatsChart, StatsTable } from './stats/StatsParts';
import { useQueueStats } from './stats/useQueueStats';
import './queue.css';

/** The branch head's view of the queue: waits and service times per service and teller, by hour, the estimate's error. */
export function QueueStatsScreen(_props: ScreenProps) {
  const { t } = useTranslation();
  const { from, to, setRange, stats, error, load, exportCsv } = useQueueStats();

  if (!from || !to) return <ScreenLoading />;
  return (
    <div className="queue-stats">
      <div className="pane-toolbar queue-stats-range">
        <DayRange from={from} to={to} onChange={setRange} />
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
          <StatsCards stats={stats} />
          <StatsChart stats={stats} />
          <h2 className="pane-title">{t('queue.ui.byService')}</h2>
          <StatsTable rows={stats.byService} label={(k) => stats.serviceNames[k] ?? k} testId="queue-stats-services" />
          <h2 className="pane-title">{t('queue.ui.byTeller')}</h2>
          <StatsTable rows={stats.byTeller} label={(k) => `${stats.tellerNames[k] ?? k}（${k}）`} testId="queue-stats-tellers" />
        </>
      )}
    </div>
  );
}
