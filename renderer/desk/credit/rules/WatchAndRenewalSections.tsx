import { useTranslation } from 'react-i18next';
import { ruleName } from '../../../../domain/credit/rules/rule-names';
import { WARNING_LEVELS } from '../../../../domain/credit/rules/schema';
import type { EditModels, Models } from './model-edit';
import { useRuleLang } from './rule-lang';
import { EffectRulesTable, RuleCells } from './rule-table-parts';

interface Props {
  models: Models;
  edit: EditModels;
}

/** The early-warning model: each signal's condition and the level it raises. */
export function EarlyWarningSection({ models: m, edit }: Props) {
  const { t } = useTranslation();
  const { lang } = useRuleLang();
  return (
    <section className="panel">
      <h2>{t('credit.ui.model.earlyWarning')}</h2>
      <table className="grid compact rule-table">
        <thead><tr><th>{t('credit.ui.ruleCode')}</th><th>{t('credit.ui.rules.when')}</th><th>{t('field.level')}</th></tr></thead>
        <tbody>{m.earlyWarning.signals.map((s, i) => (
          <tr key={s.code}>
            <RuleCells rule={s} condition={s.when} onChange={(c) => edit((x) => { x.earlyWarning.signals[i]!.when = c; })} />
            <td><select value={s.level} aria-label={`${ruleName(s.code, s.message, lang)} ${t('field.level')}`} onChange={(e) => edit((x) => { x.earlyWarning.signals[i]!.level = e.target.value as typeof s.level; })}>
              {(['low', 'medium', 'high'] as const).map((l) => <option key={l} value={l}>{t(`credit.warning.${l}`)}</option>)}
            </select></td>
          </tr>
        ))}</tbody>
      </table>
    </section>
  );
}

/** The renewal model: the highest warning level a loan may carry and the rules a renewal must meet. */
export function RenewalSection({ models: m, edit }: Props) {
  const { t } = useTranslation();
  return (
    <section className="panel">
      <h2>{t('credit.ui.model.renewal')}</h2>
      <div className="rule-row">
        <label>{t('field.maxWarningLevel')}{' '}
          <select value={m.renewal.maxWarningLevel} onChange={(e) => edit((x) => { x.renewal.maxWarningLevel = e.target.value as typeof x.renewal.maxWarningLevel; })}>
            {WARNING_LEVELS.map((l) => <option key={l} value={l}>{t(`credit.warning.${l}`)}</option>)}
          </select>
        </label>
      </div>
      <EffectRulesTable what={t('credit.ui.rules.require')} rules={m.renewal.rules} conditionOf={(r) => r.require}
        onCondition={(i, c) => edit((x) => { x.renewal.rules[i]!.require = c; })}
        onEffect={(i, e) => edit((x) => { x.renewal.rules[i]!.effect = e; })} />
    </section>
  );
}
