import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { buildSchedule, type Instalment } from '../../../../domain/credit/schedule';
import type { ApplicationView } from '../../../../main/core/credit/credit.contract';
import { branchToday } from '../../../format/time';
import { formatYuan } from '../credit-format';

export function ScheduleTable({ instalments }: { instalments: Instalment[] }) {
  const { t } = useTranslation();
  return (
    <table className="grid schedule" data-testid="schedule">
      <thead>
        <tr>
          <th className="num">{t('credit.ui.period')}</th><th>{t('credit.ui.dueDate')}</th><th className="num">{t('credit.ui.payment')}</th>
          <th className="num">{t('credit.ui.principal')}</th><th className="num">{t('credit.ui.interest')}</th><th className="num">{t('credit.ui.remaining')}</th>
        </tr>
      </thead>
      <tbody>
        {instalments.map((i) => (
          <tr key={i.n}>
            <td className="num">{i.n}</td><td>{i.dueDate}</td><td className="num mono">{formatYuan(i.paymentFen)}</td>
            <td className="num mono">{formatYuan(i.principalFen)}</td><td className="num mono">{formatYuan(i.interestFen)}</td><td className="num mono">{formatYuan(i.remainingFen)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The contract's instalments once there is one; before that, the schedule the decided (or investigated) limit and
 * rate would give from today — none for a revolving line or without a limit and rate.
 */
export function useSchedulePreview(app: ApplicationView): Instalment[] {
  const d = app.decision;
  const limitFen = app.investigation ? app.investigation.limitFen : (d?.limitFen ?? 0);
  return useMemo(() => {
    if (app.contract) return app.contract.instalments;
    if (!d || limitFen <= 0 || d.rateBp <= 0 || app.repaymentMethod === 'revolving') return [];
    return buildSchedule({ method: app.repaymentMethod, principalFen: limitFen, annualRateBp: d.rateBp, months: app.termMonths, startDate: branchToday() }).instalments;
  }, [app, d, limitFen]);
}

/** The schedule (or its preview) as a panel, when there is one. */
export function SchedulePanel({ app, instalments }: { app: ApplicationView; instalments: Instalment[] }) {
  const { t } = useTranslation();
  if (instalments.length === 0) return null;
  return (
    <section className="panel">
      <h2>{app.contract ? t('credit.ui.schedule') : t('credit.ui.schedulePreview')}</h2>
      <ScheduleTable instalments={instalments} />
    </section>
  );
}
