import { useTranslation } from 'react-i18next';
import type { ValueDashboardView } from '../../../../main/core/value/value-dashboard.contract';
import { num, pct } from './value-dashboard-charts';

function Kpi({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div className="kpi" data-testid={`kpi-${id}`}>
      <span className="kpi-label">{label}</span>
      <span className="kpi-value">{value}</span>
    </div>
  );
}

/** The headline tiles: customers, points, partners, filing and tasks done. */
export function ValueKpis({ d }: { d: ValueDashboardView }) {
  const { t } = useTranslation();
  const lastMonth = d.pointsFlows?.months.at(-1) ?? null;
  return (
    <div className="kpis">
      <Kpi id="customers" label={t('valueDash.customers')} value={num(d.customers)} />
      <Kpi id="points" label={t('valueDash.pointsHeld')} value={num(d.pointsHeld)} />
      {lastMonth && <Kpi id="points-issued" label={t('valueDash.pointsIssuedMonth', { month: lastMonth.month })} value={num(lastMonth.issued)} />}
      <Kpi id="partners" label={t('valueDash.partners')} value={d.partners ? `${num(d.partners.partners)} ${t('valueDash.partnersMonth', { month: d.partners.month })}` : t('valueDash.noPartners')} />
      <Kpi id="effective" label={t('valueDash.effectivePartners')} value={d.partners ? num(d.partners.effectivePartners) : '—'} />
      <Kpi id="households" label={t('valueDash.householdsFiled')} value={t('valueDash.ofTotal', { n: num(d.filing.householdsFiled), total: num(d.filing.households) })} />
      <Kpi id="merchants" label={t('valueDash.merchantsFiled')} value={t('valueDash.ofTotal', { n: num(d.filing.merchantsFiled), total: num(d.filing.merchants) })} />
      <Kpi id="tasks" label={t('valueDash.tasksDone')} value={`${t('valueDash.ofTotal', { n: num(d.tasks.total.done), total: num(d.tasks.total.tasks) })}（${pct(d.tasks.total.doneBp)}）`} />
    </div>
  );
}
