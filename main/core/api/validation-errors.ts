import type { z } from 'zod';
import { formatBpAsPercent, formatYuan } from '../../../domain/credit/money-format';
import { fieldPathLabel } from '../../../i18n/field-path';
import { translate } from '../../../i18n/translate';
import type { FieldError } from './errors';

const HAN = /\p{Script=Han}/u;
type Issue = z.core.$ZodIssue;

/** A bound in the unit the screen uses: fen as yuan (its own message, "…元"), basis points as a percentage. */
function bound(leaf: string, value: number | bigint): { text: string; yuan: boolean } {
  const n = Number(value);
  if (leaf.endsWith('Fen')) return { text: formatYuan(n), yuan: true };
  if (leaf.endsWith('Bp')) return { text: formatBpAsPercent(n), yuan: false };
  return { text: n.toLocaleString('en-US'), yuan: false };
}

function keyAndParams(issue: Issue, leaf: string): { key: string; params: Record<string, string | number> } {
  switch (issue.code) {
    case 'invalid_type':
      // `input` is there when parsed with reportInput (the dispatcher does); absent or null means not filled in.
      if ('input' in issue && (issue.input === undefined || issue.input === null)) return { key: 'validation.api.required', params: {} };
      if (issue.expected === 'int') return { key: 'validation.api.integer', params: {} };
      if (issue.expected === 'number' || issue.expected === 'bigint') return { key: 'validation.api.number', params: {} };
      return { key: 'validation.api.invalid', params: {} };
    case 'too_big':
      if (issue.origin === 'string') return { key: 'validation.api.tooLong', params: { max: Number(issue.maximum) } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'validation.api.tooMany', params: { max: Number(issue.maximum) } };
    {
      const b = bound(leaf, issue.maximum);
      return { key: b.yuan ? 'validation.api.tooBigYuan' : 'validation.api.tooBig', params: { max: b.text } };
    }
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1 ? { key: 'validation.api.required', params: {} } : { key: 'validation.api.tooShort', params: { min: Number(issue.minimum) } };
      }
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'validation.api.required', params: {} };
    {
      const b = bound(leaf, issue.minimum);
      return { key: b.yuan ? 'validation.api.tooSmallYuan' : 'validation.api.tooSmall', params: { min: b.text } };
    }
    case 'invalid_value':
      return { key: 'validation.api.choice', params: {} };
    case 'custom':
      // Schemas written for people carry a Chinese reason ("转人工分数线不得高于自动通过分数线"); keep it.
      return HAN.test(issue.message) ? { key: 'validation.api.reason', params: { reason: issue.message } } : { key: 'validation.api.invalid', params: {} };
    default:
      return { key: 'validation.api.invalid', params: {} };
  }
}

/**
 * zod issues (parsed with `{ reportInput: true }`, so a missing value reads "请填写…") as the messages a teller can act on: the field named as the screen labels it, the limit in yuan or
 * percent, what to do — never a zod path, an English zod message or a type name.
 */
export function fieldErrorsFromZod(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const leaf = String([...path].reverse().find((p) => typeof p === 'string') ?? '');
    const { key, params } = keyAndParams(issue, leaf);
    const full = { ...params, field: fieldPathLabel(path) };
    return { path: path.join('.'), key, params: full, message: translate(key, full) };
  });
}
