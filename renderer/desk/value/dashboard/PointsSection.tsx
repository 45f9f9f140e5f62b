import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValueDashboardView } from '../../../../main/core/value/value-dashboard.contract';
import { DashboardChart } from './DashboardChart';
import { num, pointsChart, POINT_FLOWS } from './value-dashboard-charts';

const COLUMNS = [...POINT_FLOWS, 'vouchersRedeemed' as const];

/** The branch's points per month, as head office's signed summary says (none until one arrives). */
export function PointsSection({ d }: { d: ValueDashboardView }) {
  const { t } = useTranslation();
  const option = useMemo(() => (d.pointsFlows ? pointsChart(d.pointsFlows.months, t) : null), [d, t]);
  return (
    <>
      <h3>{t('valueDash.branchPointsTitle')}</h3>
      {!d.pointsFlows ? <p data-testid="value-dash-no-points">{t('valueDash.branchPointsNone')}</p> : (
        <>
          <p className="muted" data-testid="value-dash-points-note">{t('valueDash.branchPointsNote', { date: d.pointsFlows.asOf })}</p>
          {d.pointsFlows.months.length === 0 ? <p>{t('valueDash.points.none')}</p> : (
            <>
              <DashboardChart option={option} testId="value-dash-points-chart" height={240} />
              <table className="grid results" data-testid="value-dash-points">
                <thead>
                  <tr>
                    <th scope="col">{t('valueDash.points.month')}</th>
                    {COLUMNS.map((k) => <th key={k} scope="col" className="num">{t(`valueDash.points.${k}`)}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {d.pointsFlows.months.map((m) => (
                    <tr key={m.month} data-testid={`points-${m.month}`} data-issued={m.issued} data-redeemed={m.redeemed} data-expired={m.expired}>
                      <th scope="row">{m.month}</th>
                      {COLUMNS.map((k) => <td key={k} className="num">{num(m[k])}</td>)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </>
  );
}
