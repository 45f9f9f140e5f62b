import { useTranslation } from 'react-i18next';
import type { ScreenProps } from '../nav';
import { ScreenLoading } from '../ScreenLoading';
import { DashboardDateBar } from './dashboard/DashboardDateBar';
import { FunnelSection } from './dashboard/FunnelSection';
import { PointsSection } from './dashboard/PointsSection';
import { TaskSection } from './dashboard/TaskSection';
import { TierSection } from './dashboard/TierSection';
import { useValueDashboard } from './dashboard/useValueDashboard';
import { ValueKpis } from './dashboard/ValueKpis';
// The desk's KPI tiles (.kpis/.kpi) are the credit dashboard's: one look for every dashboard.
import '../credit/credit.css';

/**
 * 精微看板: the branch head's morning view of customer value and marketing — tiers, points, partners, filing, the
 * offer funnel (shown → accepted → opened) per segment and channel, tasks per grid and manager — as of the end of a
 * day (today, or yesterday for the T+1 view). Every figure is `value.dashboard`, counted from the local store.
 */
export function ValueDashboardScreen(_props: ScreenProps) {
  const { t } = useTranslation();
  const { date, setDate, d, error } = useValueDashboard();
  if (error) return <p className="form-error" role="alert">{error}</p>;
  if (!d) return <ScreenLoading />;
  return (
    <section className="screen" aria-labelledby="value-dash-title" data-testid="value-dashboard">
      <h2 id="value-dash-title">{t('valueDash.title')}</h2>
      <DashboardDateBar date={date} onDate={setDate} />
      <p className="muted" data-testid="value-dash-note">{t('valueDash.note', { date: d.date })}</p>
      <ValueKpis d={d} />
      <TierSection d={d} />
      <PointsSection d={d} />
      <FunnelSection d={d} />
      <TaskSection d={d} />
    </section>
  );
}
