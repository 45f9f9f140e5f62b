import { normalizeResidentId } from '../../../domain/identity/resident-id';
import { normalizeUscc } from '../../../domain/identity/uscc';
import { checkCustomer, type CustomerFields, type CustomerKind, type FieldIssue, type IndividualGroup, type Shareholder } from '../../../domain/customers/customer';
import type { CustomerRecord } from '../../../main/core/customers/customers.contract';

export interface ShareholderDraft {
  /** Stable React key; rows are added and removed in the middle. */
  key: string;
  kind: Shareholder['kind'];
  name: string;
  idNumber: string;
  /** As typed: "33.33" or "33.33%"; turned into basis points by `parsePercentToBp`. */
  percent: string;
}

/** What the form edits: every input as the text the teller typed. */
export interface CustomerDraft {
  kind: CustomerKind;
  name: string;
  idNumber: string;
  uscc: string;
  legalRepresentative: string;
  phone: string;
  address: string;
  village: string;
  group: IndividualGroup | '';
  note: string;
  shareholders: ShareholderDraft[];
}

let rowSeq = 0;
export function newShareholderRow(kind: Shareholder['kind'] = 'person'): ShareholderDraft {
  rowSeq += 1;
  return { key: `row-${rowSeq}`, kind, name: '', idNumber: '', percent: '' };
}

export function emptyDraft(kind: CustomerKind = 'individual'): CustomerDraft {
  return { kind, name: '', idNumber: '', uscc: '', legalRepresentative: '', phone: '', address: '', village: '', group: '', note: '', shareholders: [] };
}

/** 3333 → "33.33", 2500 → "25", 2550 → "25.5": what a person would type back. */
export function bpToPercentText(bp: number): string {
  const whole = Math.floor(bp / 100);
  const frac = String(bp % 100).padStart(2, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

const FULLWIDTH = /[０-９．％]/g;

/**
 * "33.33" → 3333 basis points by string arithmetic, never through a float (33.33 * 100 is 3332.9999…).
 * Accepts a trailing % and full-width digits from a Chinese IME; more than two decimals is refused, not rounded.
 */
export function parsePercentToBp(text: string): number | null {
  const ascii = text.trim().replace(FULLWIDTH, (c) => (c === '．' ? '.' : c === '％' ? '%' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
  const m = /^(\d{1,3})(?:\.(\d{0,2}))?\s*%?$/.exec(ascii);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export function draftFromRecord(r: CustomerRecord): CustomerDraft {
  return {
    kind: r.kind,
    name: r.name,
    idNumber: r.idNumber ?? '',
    uscc: r.uscc ?? '',
    legalRepresentative: r.legalRepresentative ?? '',
    phone: r.phone,
    address: r.address,
    village: r.village ?? '',
    group: r.group ?? '',
    note: r.note ?? '',
    shareholders: (r.shareholders ?? []).map((s) => ({ ...newShareholderRow(s.kind), name: s.name, idNumber: s.idNumber ?? '', percent: bpToPercentText(s.shareBp) })),
  };
}

/** The payload for `customers.create/update`: only the fields of the chosen kind, empty optionals left out. */
export function draftToFields(d: CustomerDraft): CustomerFields {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  const out: CustomerFields = { kind: d.kind, name: d.name.trim(), phone: d.phone.trim(), address: d.address.trim() };
  const village = opt(d.village);
  const note = opt(d.note);
  if (village) out.village = village;
  if (note) out.note = note;
  if (d.kind === 'individual') {
    out.idNumber = normalizeResidentId(d.idNumber);
    if (d.group) out.group = d.group;
  } else {
    out.uscc = normalizeUscc(d.uscc);
    const rep = opt(d.legalRepresentative);
    if (rep) out.legalRepresentative = rep;
    if (d.shareholders.length) {
      out.shareholders = d.shareholders.map((s) => {
        const id = opt(s.idNumber);
        // An unparseable share becomes 0 so the payload stays well-typed; `checkDraft` reports the format instead.
        return { kind: s.kind, name: s.name.trim(), shareBp: parsePercentToBp(s.percent) ?? 0, ...(id ? { idNumber: s.kind === 'person' ? normalizeResidentId(id) : normalizeUscc(id) } : {}) };
      });
    }
  }
  return out;
}

/** The domain rules the core will apply, plus the one rule only the form knows: how a percentage is written. */
export function checkDraft(d: CustomerDraft, today: Date): FieldIssue[] {
  const formatIssues: FieldIssue[] = [];
  if (d.kind === 'enterprise') {
    d.shareholders.forEach((s, i) => {
      if (parsePercentToBp(s.percent) === null) {
        formatIssues.push({ path: `shareholders.${i}.shareBp`, key: s.percent.trim() ? 'desk.validation.percentFormat' : 'validation.required', severity: 'error' });
      }
    });
  }
  const own = new Set(formatIssues.map((i) => i.path));
  return [...formatIssues, ...checkCustomer(draftToFields(d), today).filter((i) => !own.has(i.path))];
}

/** Sum of the parseable shares, for the running total under the shareholder table. */
export function totalShareBp(d: CustomerDraft): number {
  return d.shareholders.reduce((sum, s) => sum + (parsePercentToBp(s.percent) ?? 0), 0);
}
