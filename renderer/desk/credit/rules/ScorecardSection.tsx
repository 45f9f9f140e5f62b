import { useTranslation } from 'react-i18next';
import { ruleName } from '../../../../domain/credit/rules/rule-names';
import { IntInput } from './inputs';
import type { EditModels, Models } from './model-edit';
import { useRuleLang } from './rule-lang';

/** The scorecard: a base score and, per characteristic, the points each range of its value earns. */
export function ScorecardSection({ models: m, edit }: { models: Models; edit: EditModels }) {
  const { t } = useTranslation();
  const { lang } = useRuleLang();
  return (
    <section className="panel">
      <h2>{t('credit.ui.rules.scorecard')}</h2>
      <div className="rule-row">
        <label>{t('field.baseScore')} <IntInput label={t('field.baseScore')} value={m.riskDecision.scorecard.baseScore} onChange={(v) => edit((x) => { x.riskDecision.scorecard.baseScore = v; })} /></label>
      </div>
      <table className="grid compact rule-table">
        <thead><tr><th>{t('credit.ui.rules.item')}</th><th>{t('credit.ui.rules.bins')}</th><th>{t('field.otherwisePoints')}</th></tr></thead>
        <tbody>{m.riskDecision.scorecard.characteristics.map((ch, ci) => {
          const name = ruleName(ch.code, undefined, lang);
          return (
            <tr key={ch.code}>
              <td className="rule-name"><strong>{name}</strong><div className="muted small">{t(`field.${ch.field}`)}</div></td>
              <td className="bins">{ch.bins.map((b, bi) => (
                <div key={bi} className="bin">
                  {b.equals !== undefined ? (
                    <span>= {typeof b.equals === 'boolean' ? t(b.equals ? 'credit.ui.yes' : 'credit.ui.no') : String(b.equals)}</span>
                  ) : (
                    <span>
                      {b.min !== undefined && <IntInput width={64} label={`${name} ${t('field.min')} ${bi + 1}`} value={b.min} onChange={(v) => edit((x) => { x.riskDecision.scorecard.characteristics[ci]!.bins[bi]!.min = v; })} />}
                      {b.min !== undefined ? ' ≤ ' : ''}{t('credit.ui.rules.value')}{b.max !== undefined ? ' < ' : ''}
                      {b.max !== undefined && <IntInput width={64} label={`${name} ${t('field.max')} ${bi + 1}`} value={b.max} onChange={(v) => edit((x) => { x.riskDecision.scorecard.characteristics[ci]!.bins[bi]!.max = v; })} />}
                    </span>
                  )}
                  <span className="cond-word">→</span>
                  <IntInput width={56} label={`${name} ${t('field.points')} ${bi + 1}`} value={b.points} onChange={(v) => edit((x) => { x.riskDecision.scorecard.characteristics[ci]!.bins[bi]!.points = v; })} suffix={t('credit.ui.rules.points')} />
                </div>
              ))}</td>
              <td><IntInput width={56} label={`${name} ${t('field.otherwisePoints')}`} value={ch.otherwisePoints} onChange={(v) => edit((x) => { x.riskDecision.scorecard.characteristics[ci]!.otherwisePoints = v; })} /></td>
            </tr>
          );
        })}</tbody>
      </table>
    </section>
  );
}
