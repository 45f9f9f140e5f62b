import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PERMISSIONS } from '../../../domain/staff/roles';
import { fieldPathLabel } from '../../../i18n/field-path';
import { hasMessage, translate } from '../../../i18n/translate';
import { applicationPatch } from '../credit/credit.contract';
import { contract } from './contract';
import { fieldErrorsFromZod } from './validation-errors';

/** Every property name an argument schema of the contract can have, found through its JSON Schema. */
function argumentNames(): Set<string> {
  const names = new Set<string>();
  const walk = (s: unknown): void => {
    if (!s || typeof s !== 'object') return;
    const o = s as Record<string, unknown>;
    if (o.properties) for (const [k, v] of Object.entries(o.properties as object)) { names.add(k); walk(v); }
    for (const k of ['items', 'additionalProperties', 'not']) walk(o[k]);
    for (const k of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) if (Array.isArray(o[k])) (o[k] as unknown[]).forEach(walk);
    if (o.$defs) Object.values(o.$defs as object).forEach(walk);
  };
  for (const spec of Object.values(contract)) walk(z.toJSONSchema(spec.input, { unrepresentable: 'any', io: 'input' }));
  return names;
}

const errorsOf = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) throw new Error('expected a refusal');
  return fieldErrorsFromZod(r.error);
};

describe('refusals of call arguments', () => {
  it('name the field as the screen labels it and say the limit in yuan: no zod path, no English', () => {
    const [e] = errorsOf(z.object({ patch: applicationPatch }), { patch: { requestedAmountFen: 9_999_999_999_900 } });
    expect(e!.message).toBe('申请金额（元）不能超过1,000,000,000.00元，请重新输入');
    expect(e!.path).toBe('patch.requestedAmountFen');
    const [f] = errorsOf(z.object({ patch: applicationPatch }), { patch: { facts: { monthlyIncomeFen: 12.5 } } });
    expect(f!.message).toBe('月收入（元）应为整数，请重新输入');
    const [g] = errorsOf(z.object({ patch: applicationPatch }), { patch: { repaymentMethod: 'weekly' } });
    expect(g!.message).toBe('还款方式的选项无效，请从列表中选择');
    const [h] = errorsOf(z.object({ shareholders: z.array(z.object({ name: z.string().max(3) })) }), { shareholders: [{ name: 'a' }, { name: 'abcd' }] });
    expect(h!.message).toBe('股东第2行·姓名不能超过3个字，请删减');
  });

  it('have a label for every argument of every API method', () => {
    const missing = [...argumentNames()].filter((n) => fieldPathLabel([n]) === translate('field.unknown'));
    expect(missing, 'add labels to i18n/messages/fields.ts').toEqual([]);
  });

  it('name permissions in words', () => {
    expect(PERMISSIONS.filter((p) => !hasMessage(`permission.${p}`))).toEqual([]);
  });
});
