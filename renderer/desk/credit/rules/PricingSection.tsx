import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../credit-format';
import { IntInput, PercentInput } from './inputs';
import type { EditModels, Models } from './model-edit';

/** The pricing model: the rate range, the score and term bands, and a spread table per limit band. */
export function PricingSection({ models: m, edit }: { models: Models; edit: EditModels }) {
  const { t } = useTranslation();
  const bandName = useMemo(() => (i: number) => t('credit.ui.rules.band', { n: String(i + 1) }), [t]);
  return (
    <section className="panel">
      <h2>{t('credit.ui.model.pricing')}</h2>
      <div className="rule-row">
        <label>{t('credit.ui.rules.minRate')} <PercentInput label={t('credit.ui.rules.minRate')} value={m.pricing.minRateBp} onChange={(v) => edit((x) => { x.pricing.minRateBp = v; })} /></label>
        <label>{t('credit.ui.rules.maxRate')} <PercentInput label={t('credit.ui.rules.maxRate')} value={m.pricing.maxRateBp} onChange={(v) => edit((x) => { x.pricing.maxRateBp = v; })} /></label>
        <span className="muted">{t('credit.ui.spreadHint')}</span>
      </div>
      <div className="rule-row bands">
        <span>{t('credit.ui.scoreBand')}：</span>
        {m.pricing.scoreBands.map((b, i) => (
          <label key={b.code}>{bandName(i)} ≥ <IntInput width={64} label={`${t('credit.ui.scoreBand')} ${bandName(i)}`} value={b.minScore} onChange={(v) => edit((x) => { x.pricing.scoreBands[i]!.minScore = v; })} /></label>
        ))}
      </div>
      <div className="rule-row bands">
        <span>{t('credit.ui.rules.termBand')}：</span>
        {m.pricing.termBands.map((b, i) => (
          <label key={b.code}>{bandName(i)} ≤ <IntInput width={48} label={`${t('credit.ui.rules.termBand')} ${bandName(i)}`} value={b.maxMonths} onChange={(v) => edit((x) => { x.pricing.termBands[i]!.maxMonths = v; })} suffix={t('credit.ui.monthShort')} /></label>
        ))}
      </div>
      <div className="spread-tables">
        {m.pricing.limitBands.map((lb, li) => (
          <table key={lb.code} className="grid compact">
            <caption>{t('credit.ui.limitBand', { max: lb.maxFen >= Number.MAX_SAFE_INTEGER ? '∞' : formatYuan(lb.maxFen) })}</caption>
            <thead><tr><th>{t('credit.ui.scoreBand')}</th>{m.pricing.termBands.map((tb) => <th key={tb.code}>≤{tb.maxMonths}{t('credit.ui.monthShort')}</th>)}</tr></thead>
            <tbody>{m.pricing.scoreBands.map((sb, si) => (
              <tr key={sb.code}><td>{bandName(si)}（≥{sb.minScore < -100000 ? '—' : sb.minScore}）</td>
                {m.pricing.termBands.map((tb, ti) => <td key={tb.code}><IntInput width={56} label={t('credit.ui.rules.spreadCell', { score: bandName(si), months: String(tb.maxMonths), limit: formatYuan(lb.maxFen) })} value={m.pricing.spreadBp[si]![ti]![li]!} onChange={(v) => edit((x) => { x.pricing.spreadBp[si]![ti]![li] = v; })} /></td>)}
              </tr>
            ))}</tbody>
          </table>
        ))}
      </div>
    </section>
  );
}
