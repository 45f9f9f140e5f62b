import { validateResidentId } from '../identity/resident-id';
import { usccCheckChar, validateUscc } from '../identity/uscc';

export const INDIVIDUAL_GROUPS = ['farmer', 'merchant', 'salaried', 'civil-servant', 'enterprise-contact', 'resident'] as const;
export type IndividualGroup = (typeof INDIVIDUAL_GROUPS)[number];
export type CustomerKind = 'individual' | 'enterprise';

export interface Shareholder {
  kind: 'person' | 'company';
  name: string;
  /** Resident ID for a person, USCC for a company; optional because a foreign holder may have neither. */
  idNumber?: string;
  /** Share of the company held, in basis points (10000 = 100%). */
  shareBp: number;
}

export interface CustomerFields {
  kind: CustomerKind;
  name: string;
  phone: string;
  address: string;
  /** Village (村) or market (市场) the customer belongs to — the grid customer managers work by. */
  village?: string;
  group?: IndividualGroup;
  idNumber?: string;
  uscc?: string;
  legalRepresentative?: string;
  shareholders?: Shareholder[];
  note?: string;
}

/** One problem with one field, as an i18n key plus parameters; the boundary turns it into text. */
export interface FieldIssue {
  path: string;
  key: string;
  params?: Record<string, string | number>;
  /** Warnings are shown but do not block saving. */
  severity: 'error' | 'warning';
}

/** 2550 → "25.50%", integer arithmetic only. */
export function formatBpAsPercent(bp: number): string {
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;
}

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

/**
 * Business rules for a customer record, shared by the core (authoritative) and the form (instant feedback).
 * `today` is passed in so the rule stays pure.
 */
/** The message key and parameters for a refused resident ID number. */
export function residentIdIssue(id: Extract<ReturnType<typeof validateResidentId>, { ok: false }>): [string, Record<string, string> | undefined] {
  if (id.futureBirthDate) return ['validation.residentId.birthDateFuture', { birthDate: id.futureBirthDate }];
  return [`validation.residentId.${id.rule}`, id.expected ? { expected: id.expected } : undefined];
}

/** Longest text the customer file keeps per field (the API refuses more). */
export const MAX_LENGTH = { name: 60, address: 200, village: 60, legalRepresentative: 40, note: 500 } as const;

export function checkCustomer(c: CustomerFields, today: Date): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const err = (path: string, key: string, params?: FieldIssue['params']) => issues.push({ path, key, params, severity: 'error' });

  // The lengths the core stores (customers.contract.ts): said here, so a pasted text is never cut without a word.
  const tooLong = (path: keyof typeof MAX_LENGTH, value: string | undefined) => {
    const n = [...(value ?? '').trim()].length;
    if (n > MAX_LENGTH[path]) err(path, 'validation.tooLong', { max: MAX_LENGTH[path], count: n });
  };
  if (!c.name.trim()) err('name', 'validation.required');
  else tooLong('name', c.name);
  tooLong('address', c.address);
  tooLong('village', c.village);
  tooLong('legalRepresentative', c.legalRepresentative);
  tooLong('note', c.note);
  if (!c.phone.trim()) err('phone', 'validation.required');
  else if (!MOBILE.test(c.phone.trim()) && !LANDLINE.test(c.phone.trim())) err('phone', 'validation.phone');
  if (!c.address.trim()) err('address', 'validation.required');

  if (c.kind === 'individual') {
    const id = validateResidentId(c.idNumber ?? '', today);
    if (!id.ok) err('idNumber', ...residentIdIssue(id));
    if (!c.group) err('group', 'validation.required');
  } else {
    const uscc = validateUscc(c.uscc ?? '');
    if (!uscc.ok) err('uscc', `validation.uscc.${uscc.rule}`, uscc.expected ? { expected: uscc.expected } : undefined);
    else if (uscc.warnings.includes('checkDigit')) {
      issues.push({ path: 'uscc', key: 'validation.uscc.checkDigit', severity: 'warning', params: { expected: usccCheckChar(uscc.code.slice(0, 17)) } });
    }
    if (!c.legalRepresentative?.trim()) err('legalRepresentative', 'validation.required');
    let total = 0;
    (c.shareholders ?? []).forEach((s, i) => {
      if (!s.name.trim()) err(`shareholders.${i}.name`, 'validation.required');
      if (!Number.isInteger(s.shareBp) || s.shareBp < 1 || s.shareBp > 10000) err(`shareholders.${i}.shareBp`, 'validation.shares.range');
      if (s.kind === 'person' && s.idNumber) {
        const id = validateResidentId(s.idNumber, today);
        if (!id.ok) err(`shareholders.${i}.idNumber`, ...residentIdIssue(id));
      }
      total += s.shareBp;
    });
    if (total > 10000) err('shareholders', 'validation.shares.total', { total: formatBpAsPercent(total) });
  }
  return issues;
}
