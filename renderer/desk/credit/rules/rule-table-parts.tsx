import { useTranslation } from 'react-i18next';
import { ruleName } from '../../../../domain/credit/rules/rule-names';
import type { Condition, Message } from '../../../../domain/credit/rules/schema';
import { ConditionEditor } from './ConditionEditor';
import { useRuleLang } from './rule-lang';

export type Effect = 'reject' | 'refer';

/** A rule's message with each {placeholder} shown as the input it names: what the reason will say, in words. */
function preview(message: Message, en: boolean, t: (k: string) => string): string {
  return (en ? message.en : message.zh).replace(/\{(\w+)(?:\|\w+)?\}/g, (_, f: string) => (en ? `[${t(`field.${f}`)}]` : `〔${t(`field.${f}`)}〕`));
}

/** The head of a rule table: the rule, its condition (`what`), its effect. */
function RuleTableHead({ what }: { what: string }) {
  const { t } = useTranslation();
  return <thead><tr><th>{t('credit.ui.ruleCode')}</th><th>{what}</th><th>{t('credit.ui.ruleEffect')}</th></tr></thead>;
}

/** A rule's first two cells: its name with what its reason will say, and its condition as a form. */
export function RuleCells({ rule, condition, onChange }: { rule: { code: string; message: Message }; condition: Condition; onChange(c: Condition): void }) {
  const { t } = useTranslation();
  const { en, lang } = useRuleLang();
  const name = ruleName(rule.code, rule.message, lang);
  return (
    <>
      <td className="rule-name"><strong>{name}</strong><div className="muted small">{preview(rule.message, en, t)}</div></td>
      <td><ConditionEditor condition={condition} label={name} onChange={onChange} /></td>
    </>
  );
}

/** Refer or reject: what a rule does when its condition is not met. */
export function EffectSelect({ value, label, onChange }: { value: Effect; label: string; onChange(e: Effect): void }) {
  const { t } = useTranslation();
  return (
    <select value={value} aria-label={`${label} ${t('credit.ui.ruleEffect')}`} onChange={(e) => onChange(e.target.value as Effect)}>
      <option value="refer">{t('credit.outcome.refer')}</option><option value="reject">{t('credit.outcome.reject')}</option>
    </select>
  );
}

/** One row of a rule table whose rules refer or reject. */
function EffectRuleRow({ rule, condition, onCondition, onEffect }: {
  rule: { code: string; message: Message; effect: Effect };
  condition: Condition;
  onCondition(c: Condition): void;
  onEffect(e: Effect): void;
}) {
  const { lang } = useRuleLang();
  return (
    <tr>
      <RuleCells rule={rule} condition={condition} onChange={onCondition} />
      <td><EffectSelect value={rule.effect} label={ruleName(rule.code, rule.message, lang)} onChange={onEffect} /></td>
    </tr>
  );
}

/** A model's rules that refer or reject: each one's condition (`what` heads it: 出现以下情形时 / 须满足) and its effect. */
export function EffectRulesTable<R extends { code: string; message: Message; effect: Effect }>({ what, rules, conditionOf, onCondition, onEffect }: {
  what: string;
  rules: readonly R[];
  conditionOf(rule: R): Condition;
  onCondition(index: number, c: Condition): void;
  onEffect(index: number, e: Effect): void;
}) {
  return (
    <table className="grid compact rule-table"><RuleTableHead what={what} />
      <tbody>{rules.map((r, i) => (
        <EffectRuleRow key={r.code} rule={r} condition={conditionOf(r)} onCondition={(c) => onCondition(i, c)} onEffect={(e) => onEffect(i, e)} />
      ))}</tbody></table>
  );
}
