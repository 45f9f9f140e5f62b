import { BANK_FACTS, FACTS_BY_ITEM, type FactField, type FactKey } from '../../../../domain/credit/collection';
import type { DataItem } from '../../../../domain/credit/products';
import type { ApplicantFacts } from '../../../../domain/credit/rules/fields';
import { fenToYuanText, yuanToFen } from '../credit-format';

// The application's figures as the form holds them (text as typed, by fact key) and back to facts.

export type FactText = Record<string, string>;
/** Field errors by what the screen calls the field: 'amount', 'term' or a fact key. */
export type FieldErrors = Record<string, string>;

// "征信无逾期、无不良记录": what a clean credit report says, entered with one key; the other bureau figures
// (enquiries, debts) are still read off the report.
export const CLEAN_BUREAU: Partial<Record<FactKey, string>> = { bureauCurrentOverdueFen: '0', bureauOverdueTimes24m: '0', bureauMaxOverdueDays24m: '0', bureauBadDebt: 'false' };

/** The bank's own figures (deposits, years as a customer) belong to no document. */
export const BANK_ITEM = 'bank' as DataItem;

function toText(f: FactField, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (f.kind === 'fen') return fenToYuanText(v as number);
  return String(v);
}

export function factsToText(facts: ApplicantFacts): FactText {
  const out: FactText = {};
  for (const f of [...Object.values(FACTS_BY_ITEM).flat(), ...BANK_FACTS]) {
    const v = (facts as Record<string, unknown>)[f.key];
    if (v !== undefined) out[f.key] = toText(f, v);
  }
  return out;
}

/** Typed text → facts; a bad number is reported against its own field rather than silently dropped. */
export function textToFacts(text: FactText, fields: FactField[], t: (k: string, p?: Record<string, string>) => string, en: boolean): { facts: Record<string, unknown>; errors: FieldErrors } {
  const facts: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const f of fields) {
    if (f.derived) continue;
    const raw = (text[f.key] ?? '').normalize('NFKC').trim();
    if (!raw) continue;
    const label = en ? f.en : f.zh;
    if (f.kind === 'fen') {
      const fen = yuanToFen(raw);
      if (fen === null) errors[f.key] = t('credit.ui.badAmount', { field: label });
      else facts[f.key] = fen;
    } else if (f.kind === 'int') {
      if (!/^\d+$/.test(raw)) errors[f.key] = t('credit.ui.badInt', { field: label });
      else facts[f.key] = Number(raw);
    } else if (f.kind === 'bool') facts[f.key] = raw === 'true';
    else facts[f.key] = raw;
  }
  return { facts, errors };
}

/** The core's paths under `patch` → the fields of this screen. */
export function screenField(path: string): string {
  if (path === 'patch.requestedAmountFen' || path === 'requestedAmountFen') return 'amount';
  if (path === 'patch.termMonths' || path === 'termMonths') return 'term';
  return path.replace(/^patch\.facts\.|^facts\./, '');
}
