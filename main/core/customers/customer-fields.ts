import type { CustomerFields, FieldIssue } from '../../../domain/customers/customer';
import { normalizeResidentId } from '../../../domain/identity/resident-id';
import { normalizeUscc } from '../../../domain/identity/uscc';
import { translate } from '../../../i18n/translate';
import type { FieldError } from '../api/errors';
import type { FieldChange } from './customers.contract';

const FIELDS: (keyof CustomerFields)[] = [
  'kind', 'name', 'phone', 'address', 'village', 'group', 'idNumber', 'uscc', 'legalRepresentative', 'shareholders', 'note',
];

/** "shareholders.1.shareBp" → "股东第2行·持股比例": the message must name the field the teller sees. */
export function fieldLabel(path: string, kind: CustomerFields['kind']): string {
  const [head, index, leaf] = path.split('.');
  if (head === 'shareholders' && index !== undefined && leaf) {
    return `${translate('field.shareholders')}第${Number(index) + 1}行·${translate(leaf === 'shareBp' ? 'field.shareBp' : `field.${leaf}`)}`;
  }
  if (head === 'name' && kind === 'enterprise') return translate('field.enterpriseName');
  return translate(`field.${head}`);
}

export function toFieldErrors(issues: FieldIssue[], kind: CustomerFields['kind']): FieldError[] {
  return issues.map((i) => {
    const params = { ...i.params, field: fieldLabel(i.path, kind) };
    return { path: i.path, key: i.key, params, message: translate(i.key, params) };
  });
}

/** Trims, upper-cases identifiers and drops empty optionals so equal records compare equal. */
export function normalizeCustomer(input: CustomerFields): CustomerFields {
  const out: CustomerFields = { kind: input.kind, name: input.name.trim(), phone: input.phone.trim(), address: input.address.trim() };
  const opt = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);
  if (opt(input.village)) out.village = opt(input.village);
  if (opt(input.note)) out.note = opt(input.note);
  if (input.kind === 'individual') {
    if (input.group) out.group = input.group;
    if (opt(input.idNumber)) out.idNumber = normalizeResidentId(input.idNumber!);
  } else {
    if (opt(input.uscc)) out.uscc = normalizeUscc(input.uscc!);
    if (opt(input.legalRepresentative)) out.legalRepresentative = opt(input.legalRepresentative);
    if (input.shareholders?.length) {
      out.shareholders = input.shareholders.map((s) => ({
        kind: s.kind, name: s.name.trim(), shareBp: s.shareBp,
        ...(opt(s.idNumber) ? { idNumber: s.kind === 'person' ? normalizeResidentId(s.idNumber!) : normalizeUscc(s.idNumber!) } : {}),
      }));
    }
  }
  return out;
}

export function pickFields(doc: CustomerFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) if (doc[f] !== undefined) out[f] = doc[f];
  return out;
}

export function diffFields(before: CustomerFields, after: CustomerFields): FieldChange[] {
  return FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f])).map((f) => ({
    field: f, before: before[f] ?? null, after: after[f] ?? null,
  }));
}
