import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { TIER_CODES } from '../../../../domain/value/value-rules';
import type { ValueDashboardView } from '../../../../main/core/value/value-dashboard.contract';
import { DashboardChart } from './DashboardChart';
import { num, tierChart } from './value-dashboard-charts';

/** Customers per value tier: the chart and the figures. */
export function TierSection({ d }: { d: ValueDashboardView }) {
  const { t } = useTranslation();
  const option = useMemo(() => tierChart(d, t), [d, t]);
  return (
    <>
      <h3>{t('valueDash.tiers')}</h3>
      <DashboardChart option={option} testId="value-dash-tier-chart" height={240} />
      <table className="grid" data-testid="value-dash-tiers">
        <tbody>
          <tr>{TIER_CODES.map((c) => <th key={c} scope="col">{t(`value.tier.${c}`)}</th>)}</tr>
          <tr>{TIER_CODES.map((c) => <td key={c} className="num" data-tier={c}>{num(d.tiers[c])}</td>)}</tr>
        </tbody>
      </table>
    </>
  );
}
