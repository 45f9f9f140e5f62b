import { AdmissionSection, RiskDecisionSection } from './DecisionRuleSections';
import { LimitSection } from './LimitSection';
import type { EditModels, Models } from './model-edit';
import { PricingSection } from './PricingSection';
import { ScorecardSection } from './ScorecardSection';
import { EarlyWarningSection, RenewalSection } from './WatchAndRenewalSections';

/** Every model of the rule set as forms in words; read-only for a user who may not edit rules. */
export function RuleModelForm({ models, edit, canEdit }: { models: Models; edit: EditModels; canEdit: boolean }) {
  return (
    <fieldset className="rule-form" disabled={!canEdit}>
      <RiskDecisionSection models={models} edit={edit} />
      <AdmissionSection models={models} edit={edit} />
      <ScorecardSection models={models} edit={edit} />
      <LimitSection models={models} edit={edit} />
      <PricingSection models={models} edit={edit} />
      <EarlyWarningSection models={models} edit={edit} />
      <RenewalSection models={models} edit={edit} />
    </fieldset>
  );
}
