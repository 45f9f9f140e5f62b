import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValueDashboardView } from '../../../../main/core/value/value-dashboard.contract';
import { DashboardChart } from './DashboardChart';
import { pct, tasksChart } from './value-dashboard-charts';

/** Marketing tasks per grid and manager: done, interested, overdue. */
export function TaskSection({ d }: { d: ValueDashboardView }) {
  const { t } = useTranslation();
  const option = useMemo(() => tasksChart(d, t), [d, t]);
  return (
    <>
      <h3>{t('valueDash.tasks')}</h3>
      {d.tasks.lines.length === 0 ? <p>{t('valueDash.noTasks')}</p> : (
        <>
          <DashboardChart option={option} testId="value-dash-task-chart" height={260} />
          <table className="grid results" data-testid="value-dash-tasks">
            <thead><tr>{['grid', 'manager', 'tasks', 'done', 'donePct', 'interested', 'overdue'].map((c) => <th key={c} scope="col">{t(`marketing.board.col.${c}`)}</th>)}</tr></thead>
            <tbody>
              {d.tasks.lines.map((l) => (
                <tr key={`${l.grid}/${l.assignee}`} data-testid={`dash-task-${l.grid}-${l.assignee}`} data-done={l.done}>
                  <td>{l.grid}</td><td>{l.assigneeName}（{l.assignee}）</td><td className="num">{l.tasks}</td><td className="num">{l.done}</td>
                  <td className="num">{pct(l.doneBp)}</td><td className="num">{l.interested}</td><td className="num">{l.overdue}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
