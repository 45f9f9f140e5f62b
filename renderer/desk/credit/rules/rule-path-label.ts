import type { RuleSet } from '../../../../domain/credit/rules';
import { ruleName } from '../../../../domain/credit/rules/rule-names';
import type { Message } from '../../../../domain/credit/rules/schema';
import { fieldPathLabel, splitPath } from '../../../../i18n/field-path';

/** A refused path into the rule set, named by the rule it points at: "准入模型·年龄准入范围·上限". */
export function rulePathLabel(path: string, rs: RuleSet | null, t: (k: string, p?: Record<string, string | number>) => string, lang: 'zh' | 'en'): string {
  const parts = splitPath(path);
  const at = parts.indexOf('models');
  const model = parts[at + 1];
  const list = parts[at + 2];
  const index = parts[at + 3];
  if (rs && at >= 0 && typeof model === 'string' && typeof index === 'number' && (list === 'rules' || list === 'signals' || list === 'characteristics')) {
    const group = (rs.models as unknown as Record<string, Record<string, { code: string; message?: Message }[]>>)[model]?.[list];
    const rule = group?.[index];
    if (rule) {
      const rest = fieldPathLabel(parts.slice(at + 4), t);
      return [t(`field.${model}`), ruleName(rule.code, rule.message, lang), rest === t('field.unknown') ? null : rest].filter(Boolean).join('·');
    }
  }
  return fieldPathLabel(parts, t);
}
