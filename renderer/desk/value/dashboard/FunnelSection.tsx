import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CONVERSION_WINDOW_DAYS } from '../../../../domain/value/value-dashboard';
import type { ValueDashboardView } from '../../../../main/core/value/value-dashboard.contract';
import { DashboardChart } from './DashboardChart';
import { funnelChart, num, pct } from './value-dashboard-charts';

/** The offer funnel (shown → accepted → opened) per segment, offer and channel, its total, and the offers made. */
export function FunnelSection({ d }: { d: ValueDashboardView }) {
  const { t } = useTranslation();
  const option = useMemo(() => funnelChart(d, t), [d, t]);
  return (
    <>
      <h3>{t('valueDash.funnel')}</h3>
      <p className="muted">{t('valueDash.funnelNote', { days: CONVERSION_WINDOW_DAYS })}</p>
      <DashboardChart option={option} testId="value-dash-funnel-chart" height={260} />
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
    </>
  );
}
