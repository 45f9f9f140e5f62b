import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OFFER_CHANNELS } from '../../../domain/value/segment-rules';
import { TIER_CODES } from '../../../domain/value/value-rules';
import { CONVERSION_WINDOW_DAYS } from '../../../domain/value/value-dashboard';
import type { ValueDashboardView } from '../../../main/core/value/value-dashboard.contract';
import { api } from '../../api/client';
import { addDays, branchToday } from '../../format/time';
import { useChart, type ChartOption } from '../charts/use-chart';
import { errorText } from '../labels';
import type { ScreenProps } from '../nav';
import { ScreenLoading } from '../ScreenLoading';
// The desk's KPI tiles (.kpis/.kpi) are the credit dashboard's: one look for every dashboard.
import '../credit/credit.css';

const pct = (bp: number) => `${(bp / 100).toFixed(1)}%`;
const num = (n: number) => n.toLocaleString('zh-CN');
const POINT_FLOWS = ['issued', 'redeemed', 'expired', 'returned'] as const;

/**
 * 精微看板: the branch head's morning view of customer value and marketing — tiers, points, partners, filing, the
 * offer funnel (shown → accepted → opened) per segment and channel, tasks per grid and manager — as of the end of a
 * day (today, or yesterday for the T+1 view). Every figure is `value.dashboard`, counted from the local store.
 */
export function ValueDashboardScreen(_props: ScreenProps) {
  const { t } = useTranslation();
  const [date, setDate] = useState(branchToday());
  const [d, setD] = useState<ValueDashboardView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tierEl = useRef<HTMLDivElement>(null);
  const funnelEl = useRef<HTMLDivElement>(null);
  const tasksEl = useRef<HTMLDivElement>(null);
  const pointsEl = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    api.call('value.dashboard', { date }).then(
      (v) => {
        if (!live) return;
        setD(v);
        setError(null);
      },
      (e: unknown) => live && setError(errorText(e, t)),
    );
    return () => {
      live = false;
    };
  }, [date, t]);

  const tierChart = useMemo((): ChartOption | null => (!d ? null : {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 24, bottom: 30 },
    xAxis: { type: 'category', data: TIER_CODES.map((c) => t(`value.tier.${c}`)) },
    yAxis: { type: 'value', minInterval: 1, name: t('valueDash.tiersAxis') },
    series: [{ type: 'bar', data: TIER_CODES.map((c) => d.tiers[c]), itemStyle: { color: '#1f6fb8' }, label: { show: true, position: 'top' } }],
  }), [d, t]);
  const funnelChart = useMemo((): ChartOption | null => (!d ? null : {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('valueDash.shown'), t('valueDash.accepted'), t('valueDash.opened')] },
    grid: { left: 48, right: 16, top: 36, bottom: 30 },
    xAxis: { type: 'category', data: OFFER_CHANNELS.map((c) => t(`value.offerChannel.${c}`)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: (['shown', 'accepted', 'opened'] as const).map((k, i) => ({
      name: t(`valueDash.${k}`), type: 'bar', data: OFFER_CHANNELS.map((c) => d.funnelByChannel[c][k]), itemStyle: { color: ['#9aa5b1', '#1f6fb8', '#1c7a44'][i] },
    })),
  }), [d, t]);
  const tasksChart = useMemo((): ChartOption | null => (!d || d.tasks.lines.length === 0 ? null : {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('valueDash.done'), t('valueDash.open')] },
    grid: { left: 48, right: 16, top: 36, bottom: 30 },
    xAxis: { type: 'category', data: d.tasks.lines.map((l) => `${l.grid} ${l.assigneeName}`) },
    yAxis: { type: 'value', minInterval: 1, name: t('valueDash.tasksAxis') },
    series: [
      { name: t('valueDash.done'), type: 'bar', stack: 'tasks', data: d.tasks.lines.map((l) => l.done), itemStyle: { color: '#1c7a44' } },
      { name: t('valueDash.open'), type: 'bar', stack: 'tasks', data: d.tasks.lines.map((l) => l.tasks - l.done), itemStyle: { color: '#f0a202' } },
    ],
  }), [d, t]);
  const pointsChart = useMemo((): ChartOption | null => (!d?.pointsFlows || d.pointsFlows.months.length === 0 ? null : {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: POINT_FLOWS.map((k) => t(`valueDash.points.${k}`)) },
    grid: { left: 64, right: 16, top: 36, bottom: 30 },
    xAxis: { type: 'category', data: d.pointsFlows.months.map((m) => m.month) },
    yAxis: { type: 'value', minInterval: 1 },
    series: POINT_FLOWS.map((k, i) => ({
      name: t(`valueDash.points.${k}`), type: 'bar', data: d.pointsFlows!.months.map((m) => m[k]), itemStyle: { color: ['#1f6fb8', '#1c7a44', '#c0392b', '#9aa5b1'][i] },
    })),
  }), [d, t]);
  useChart(tierEl, tierChart);
  useChart(pointsEl, pointsChart);
  useChart(funnelEl, funnelChart);
  useChart(tasksEl, tasksChart);

  if (error) return <p className="form-error" role="alert">{error}</p>;
  if (!d) return <ScreenLoading />;
  const kpi = (id: string, label: string, value: string) => (
    <div className="kpi" data-testid={`kpi-${id}`}>
      <span className="kpi-label">{label}</span>
      <span className="kpi-value">{value}</span>
    </div>
  );
  const lastMonth = d.pointsFlows?.months.at(-1) ?? null;
  return (
    <section className="screen" aria-labelledby="value-dash-title" data-testid="value-dashboard">
      <h2 id="value-dash-title">{t('valueDash.title')}</h2>
      <div className="actions">
        <label className="field">
          <span>{t('valueDash.asOf')}</span>
          <input type="date" data-testid="value-dash-date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />
        </label>
        <button type="button" onClick={() => setDate(branchToday())}>{t('valueDash.today')}</button>{' '}
        <button type="button" data-testid="value-dash-yesterday" onClick={() => setDate(addDays(branchToday(), -1))}>{t('valueDash.yesterday')}</button>
      </div>
      <p className="muted" data-testid="value-dash-note">{t('valueDash.note', { date: d.date })}</p>
      <div className="kpis">
        {kpi('customers', t('valueDash.customers'), num(d.customers))}
        {kpi('points', t('valueDash.pointsHeld'), num(d.pointsHeld))}
        {lastMonth && kpi('points-issued', t('valueDash.pointsIssuedMonth', { month: lastMonth.month }), num(lastMonth.issued))}
        {kpi('partners', t('valueDash.partners'), d.partners ? `${num(d.partners.partners)} ${t('valueDash.partnersMonth', { month: d.partners.month })}` : t('valueDash.noPartners'))}
        {kpi('effective', t('valueDash.effectivePartners'), d.partners ? num(d.partners.effectivePartners) : '—')}
        {kpi('households', t('valueDash.householdsFiled'), t('valueDash.ofTotal', { n: num(d.filing.householdsFiled), total: num(d.filing.households) }))}
        {kpi('merchants', t('valueDash.merchantsFiled'), t('valueDash.ofTotal', { n: num(d.filing.merchantsFiled), total: num(d.filing.merchants) }))}
        {kpi('tasks', t('valueDash.tasksDone'), `${t('valueDash.ofTotal', { n: num(d.tasks.total.done), total: num(d.tasks.total.tasks) })}（${pct(d.tasks.total.doneBp)}）`)}
      </div>

      <h3>{t('valueDash.tiers')}</h3>
      <div ref={tierEl} data-testid="value-dash-tier-chart" style={{ width: '100%', height: 240 }} />
      <table className="grid" data-testid="value-dash-tiers">
        <tbody>
          <tr>{TIER_CODES.map((c) => <th key={c} scope="col">{t(`value.tier.${c}`)}</th>)}</tr>
          <tr>{TIER_CODES.map((c) => <td key={c} className="num" data-tier={c}>{num(d.tiers[c])}</td>)}</tr>
        </tbody>
      </table>

      <h3>{t('valueDash.branchPointsTitle')}</h3>
      {!d.pointsFlows ? <p data-testid="value-dash-no-points">{t('valueDash.branchPointsNone')}</p> : (
        <>
          <p className="muted" data-testid="value-dash-points-note">{t('valueDash.branchPointsNote', { date: d.pointsFlows.asOf })}</p>
          {d.pointsFlows.months.length === 0 ? <p>{t('valueDash.points.none')}</p> : (
            <>
              <div ref={pointsEl} data-testid="value-dash-points-chart" style={{ width: '100%', height: 240 }} />
              <table className="grid results" data-testid="value-dash-points">
                <thead>
                  <tr>
                    <th scope="col">{t('valueDash.points.month')}</th>
                    {[...POINT_FLOWS, 'vouchersRedeemed' as const].map((k) => <th key={k} scope="col" className="num">{t(`valueDash.points.${k}`)}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {d.pointsFlows.months.map((m) => (
                    <tr key={m.month} data-testid={`points-${m.month}`} data-issued={m.issued} data-redeemed={m.redeemed} data-expired={m.expired}>
                      <th scope="row">{m.month}</th>
                      {[...POINT_FLOWS, 'vouchersRedeemed' as const].map((k) => <td key={k} className="num">{num(m[k])}</td>)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}

      <h3>{t('valueDash.funnel')}</h3>
      <p className="muted">{t('valueDash.funnelNote', { days: CONVERSION_WINDOW_DAYS })}</p>
      <div ref={funnelEl} data-testid="value-dash-funnel-chart" style={{ width: '100%', height: 260 }} />
      {d.funnel.length === 0 ? <p data-testid="value-dash-no-answers">{t('valueDash.noAnswers')}</p> : (
        <table className="grid results" data-testid="value-dash-funnel">
          <thead>
            <tr>
              {['segment', 'offer', 'channel'].map((c) => <th key={c} scope="col">{t(`valueDash.col.${c}`)}</th>)}
              {['shown', 'accepted', 'acceptedPct', 'opened', 'openedPct'].map((c) => <th key={c} scope="col" className="num">{t(`valueDash.${c}`)}</th>)}
            </tr>
          </thead>
          <tbody>
            {d.funnel.map((l) => (
              <tr key={`${l.segment}/${l.offer}/${l.channel}`} data-testid={`funnel-${l.offer}-${l.channel}`} data-shown={l.shown} data-accepted={l.accepted} data-opened={l.opened}>
                <td>{l.segment}</td><td>{l.title}</td><td>{t(`value.offerChannel.${l.channel}`)}</td>
                <td className="num">{l.shown}</td><td className="num">{l.accepted}</td><td className="num">{pct(l.acceptedBp)}</td>
                <td className="num">{l.tracked ? l.opened : t('valueDash.notTracked')}</td><td className="num">{l.tracked ? pct(l.openedBp) : '—'}</td>
              </tr>
            ))}
            <tr data-testid="funnel-total" data-shown={d.funnelTotal.shown} data-accepted={d.funnelTotal.accepted} data-opened={d.funnelTotal.opened}>
              <td colSpan={3}>{t('valueDash.total')}</td>
              <td className="num">{d.funnelTotal.shown}</td><td className="num">{d.funnelTotal.accepted}</td><td className="num">{pct(d.funnelTotal.acceptedBp)}</td>
              <td className="num">{d.funnelTotal.opened}</td><td className="num">{pct(d.funnelTotal.openedBp)}</td>
            </tr>
          </tbody>
        </table>
      )}
      <table className="grid" data-testid="value-dash-offers">
        <caption>{t('valueDash.offersMade')}</caption>
        <thead><tr>{['segment', 'offer', 'customers'].map((c) => <th key={c} scope="col">{t(`valueDash.col.${c}`)}</th>)}</tr></thead>
        <tbody>{d.offersMade.map((o) => <tr key={`${o.segment}/${o.offer}`}><td>{o.segment}</td><td>{o.title}</td><td className="num">{num(o.customers)}</td></tr>)}</tbody>
      </table>

      <h3>{t('valueDash.tasks')}</h3>
      {d.tasks.lines.length === 0 ? <p>{t('valueDash.noTasks')}</p> : (
        <>
          <div ref={tasksEl} data-testid="value-dash-task-chart" style={{ width: '100%', height: 260 }} />
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
    </section>
  );
}
