import { useTranslation } from 'react-i18next';
import { IntInput, YuanInput } from './inputs';
import type { EditModels, Models } from './model-edit';
import { EffectRulesTable } from './rule-table-parts';

interface Props {
  models: Models;
  edit: EditModels;
}

/** The risk decision model: the scores and amount that decide approve / refer, and its refer-or-reject rules. */
export function RiskDecisionSection({ models: m, edit }: Props) {
  const { t } = useTranslation();
  return (
    <section className="panel">
      <h2>{t('credit.ui.model.riskDecision')}</h2>
      <div className="rule-row">
        <label>{t('credit.ui.approveMinScore')} <IntInput label={t('credit.ui.approveMinScore')} value={m.riskDecision.approveMinScore} onChange={(v) => edit((x) => { x.riskDecision.approveMinScore = v; })} /></label>
        <label>{t('credit.ui.referMinScore')} <IntInput label={t('credit.ui.referMinScore')} value={m.riskDecision.referMinScore} onChange={(v) => edit((x) => { x.riskDecision.referMinScore = v; })} /></label>
        <label>{t('credit.ui.autoApproveMax')} <YuanInput label={t('credit.ui.autoApproveMax')} value={m.riskDecision.autoApproveMaxFen} onChange={(v) => edit((x) => { x.riskDecision.autoApproveMaxFen = v; })} /></label>
      </div>
      <EffectRulesTable what={t('credit.ui.rules.when')} rules={m.riskDecision.rules} conditionOf={(r) => r.when}
        onCondition={(i, c) => edit((x) => { x.riskDecision.rules[i]!.when = c; })}
        onEffect={(i, e) => edit((x) => { x.riskDecision.rules[i]!.effect = e; })} />
    </section>
  );
}

/** The admission model: what an applicant must meet, each rule referring or rejecting. */
export function AdmissionSection({ models: m, edit }: Props) {
  const { t } = useTranslation();
  return (
    <section className="panel">
      <h2>{t('credit.ui.model.admission')}</h2>
      <EffectRulesTable what={t('credit.ui.rules.require')} rules={m.admission.rules} conditionOf={(r) => r.require}
        onCondition={(i, c) => edit((x) => { x.admission.rules[i]!.require = c; })}
        onEffect={(i, e) => edit((x) => { x.admission.rules[i]!.effect = e; })} />
    </section>
  );
}
