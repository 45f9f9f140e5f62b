import type { CustomerKind } from '../../../domain/customers/customer';
import type { DocumentValues, RecordFacts } from '../../../domain/documents/document-fields';
import type { RecordDifference } from '../../../domain/ocr/compare-record';
import { FORMAT_HEAD_BYTES, imageFormatOf } from '../../../domain/ocr/image-format';
import type { CorrectionReason, DocumentKind, RecognisedField } from '../../../domain/ocr/types';
import type { CustomerDraft } from '../customers/form-model';

/**
 * The image slots of each document, all required: both sides of an ID card (the validity period, which the
 * checks need, is printed on the back), one sheet for a licence.
 */
export type Slot = 'front' | 'back' | 'licence';
export const SLOTS: Record<DocumentKind, readonly Slot[]> = { 'id-card': ['front', 'back'], licence: ['licence'] };

/** Same ceiling as the core's input check, so an oversized file is refused before minutes of upload. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** Above this the page re-encodes the photo smaller; two phone photos must fit one 25 MB request. */
export const SHRINK_ABOVE_BYTES = 6 * 1024 * 1024;

/**
 * Why a chosen file cannot be read, decided the moment it is chosen from its size and first bytes (the same
 * magic-byte rules as the core's input check), as the core's own message key; null for a picture.
 */
export async function refusalOf(file: Blob): Promise<string | null> {
  if (file.size > MAX_UPLOAD_BYTES) return 'ocr.error.too-large';
  const v = imageFormatOf(new Uint8Array(await file.slice(0, FORMAT_HEAD_BYTES).arrayBuffer()));
  return 'refusal' in v ? `ocr.error.${v.refusal}` : null;
}

export function valuesOf(fields: Record<string, RecognisedField>): DocumentValues {
  return Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.value]));
}

/** The fields the teller changed from what was read. */
export function changedFields(read: DocumentValues, now: DocumentValues): string[] {
  return Object.keys(now).filter((k) => (read[k] ?? '').trim() !== (now[k] ?? '').trim());
}

/**
 * "0→O" for a one-character repair, the whole value otherwise: the teller sees exactly what the check changed.
 * Characters are compared by position when the lengths agree; anything else shows before→after in full.
 */
export function correctionDelta(from: string, to: string): string {
  const a = [...from];
  const b = [...to];
  if (a.length === b.length) {
    const changes = a.flatMap((ch, i) => (ch === b[i] ? [] : [`${ch}→${b[i]}`]));
    if (changes.length > 0 && changes.length <= 3) return changes.join('，');
  }
  return `${from || '∅'}→${to || '∅'}`;
}

/** What a correction relied on, for "已按校验码纠正: 0→O". */
export const CORRECTION_HOW: Record<CorrectionReason, string> = {
  'confusable-chars': 'ocr.ui.how.confusable',
  'id-check-digit': 'ocr.ui.how.checkDigit',
  'uscc-check-digit': 'ocr.ui.how.checkDigit',
  'id-birth-date': 'ocr.ui.how.birthLine',
  'id-region': 'ocr.ui.how.addressRegion',
  'birth-date-from-id': 'ocr.ui.how.idNumber',
  'sex-from-id': 'ocr.ui.how.idNumber',
  'region-table': 'ocr.ui.how.regionTable',
  surname: 'ocr.ui.how.surname',
  'ethnicity-list': 'ocr.ui.how.ethnicityList',
  'capital-numerals': 'ocr.ui.how.numerals',
  'company-type-list': 'ocr.ui.how.companyTypes',
  'name-place': 'ocr.ui.how.addressRegion',
  'second-reading': 'ocr.ui.how.secondReading',
  'authority-ending': 'ocr.ui.how.authorityEnding',
  'issue-date-from-age': 'ocr.ui.how.issueDateFromAge',
};

/** What the document says about the form's fields: the patch an accepted scan applies to the new-customer form. */
export function formPatch(kind: DocumentKind, customerKind: CustomerKind, v: DocumentValues): Partial<CustomerDraft> {
  const put = (value: string | undefined) => (value && value.trim() ? value.trim() : undefined);
  const patch: Partial<Record<keyof CustomerDraft, string | undefined>> =
    kind === 'id-card'
      ? customerKind === 'individual'
        ? { name: put(v.name), idNumber: put(v.idNumber), address: put(v.address) }
        : { legalRepresentative: put(v.name) }
      : customerKind === 'enterprise'
        ? { name: put(v.companyName), uscc: put(v.uscc), legalRepresentative: put(v.legalRepresentative), address: put(v.address) }
        : {};
  return Object.fromEntries(Object.entries(patch).filter(([, x]) => x !== undefined)) as Partial<CustomerDraft>;
}

/** What the new-customer form holds so far, to list differences while the teller types. */
export function draftFacts(kind: DocumentKind, d: CustomerDraft): RecordFacts {
  if (kind === 'id-card') return d.kind === 'individual' ? { name: d.name, idNumber: d.idNumber, address: d.address } : { name: d.legalRepresentative };
  return d.kind === 'enterprise' ? { companyName: d.name, uscc: d.uscc, legalRepresentative: d.legalRepresentative, address: d.address } : {};
}

/**
 * Which customer field a difference can update from the document. The ID number and USCC are left out on
 * purpose: changing who a file belongs to goes through 修改资料, not a scan.
 */
export function recordFieldFor(kind: DocumentKind, customerKind: CustomerKind, difference: RecordDifference['field']): keyof CustomerDraft | null {
  if (kind === 'id-card') {
    if (customerKind === 'enterprise') return difference === 'name' ? 'legalRepresentative' : null;
    return difference === 'name' ? 'name' : difference === 'address' ? 'address' : null;
  }
  if (customerKind !== 'enterprise') return null;
  return ({ companyName: 'name', legalRepresentative: 'legalRepresentative', address: 'address' } as Record<string, keyof CustomerDraft>)[difference] ?? null;
}

/** A request id for matching progress events to this page's own scan. */
export function newRequestId(): string {
  return `ocr-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The document's fields in order, with the missing ones as empty values, for the edit form. */
export function completeValues(names: readonly string[], v: DocumentValues): DocumentValues {
  return Object.fromEntries(names.map((n) => [n, v[n] ?? '']));
}
