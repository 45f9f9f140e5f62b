import { useTranslation } from 'react-i18next';
import { ruleName } from '../../../../domain/credit/rules/rule-names';
import { IntInput, PercentInput, YuanInput } from './inputs';
import type { EditModels, Models } from './model-edit';
import { useRuleLang } from './rule-lang';

/** The limit model: cap, floor and rounding, the bases and deductions with their multipliers, the score factors. */
export function LimitSection({ models: m, edit }: { models: Models; edit: EditModels }) {
  const { t } = useTranslation();
  const { lang } = useRuleLang();
  return (
    <section className="panel">
      <h2>{t('credit.ui.model.limit')}</h2>
      <div className="rule-row">
        <label>{t('credit.ui.capFen')} <YuanInput label={t('credit.ui.capFen')} value={m.limit.capFen} onChange={(v) => edit((x) => { x.limit.capFen = v; })} /></label>
        <label>{t('credit.ui.floorFen')} <YuanInput label={t('credit.ui.floorFen')} value={m.limit.floorFen} onChange={(v) => edit((x) => { x.limit.floorFen = v; })} /></label>
        <label>{t('field.unitFen')} <YuanInput label={t('field.unitFen')} value={m.limit.unitFen} onChange={(v) => edit((x) => { x.limit.unitFen = v; })} /></label>
        <label>{t('field.combine')}{' '}
          <select value={m.limit.combine} onChange={(e) => edit((x) => { x.limit.combine = e.target.value as typeof x.limit.combine; })}>
            {(['max', 'min', 'sum'] as const).map((c) => <option key={c} value={c}>{t(`credit.ui.rules.combine.${c}`)}</option>)}
          </select>
        </label>
      </div>
      <table className="grid compact"><thead><tr><th>{t('credit.ui.limitBase')}</th><th>{t('credit.ui.rules.multiplier')}</th></tr></thead>
        <tbody>
          {m.limit.bases.map((b, i) => <tr key={`b-${b.code}`}><td>{ruleName(b.code, undefined, lang)}<span className="muted small">（{t(`field.${b.field}`)}）</span></td><td><PercentInput width={90} label={`${ruleName(b.code, undefined, lang)} ${t('credit.ui.rules.multiplier')}`} value={b.multiplierBp} onChange={(v) => edit((x) => { x.limit.bases[i]!.multiplierBp = v; })} /></td></tr>)}
          {m.limit.deductions.map((b, i) => <tr key={`d-${b.code}`}><td>{t('credit.ui.rules.deduct')}{ruleName(b.code, undefined, lang)}<span className="muted small">（{t(`field.${b.field}`)}）</span></td><td><PercentInput width={90} label={`${ruleName(b.code, undefined, lang)} ${t('credit.ui.rules.multiplier')}`} value={b.multiplierBp} onChange={(v) => edit((x) => { x.limit.deductions[i]!.multiplierBp = v; })} /></td></tr>)}
        </tbody></table>
      <table className="grid compact"><thead><tr><th>{t('credit.ui.minScore')}</th><th>{t('credit.ui.rules.factor')}</th></tr></thead>
        <tbody>{m.limit.scoreFactors.map((f, i) => <tr key={i}><td><IntInput label={`${t('credit.ui.minScore')} ${i + 1}`} value={f.minScore} width={100} onChange={(v) => edit((x) => { x.limit.scoreFactors[i]!.minScore = v; })} /></td><td><PercentInput label={`${t('credit.ui.rules.factor')} ${i + 1}`} value={f.factorBp} onChange={(v) => edit((x) => { x.limit.scoreFactors[i]!.factorBp = v; })} /></td></tr>)}</tbody></table>
    </section>
  );
}
