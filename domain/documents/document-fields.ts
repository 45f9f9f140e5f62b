import { idCardChecks, licenceChecks } from '../ocr/checks';
import { compareCompany, comparePerson, type RecordDifference } from '../ocr/compare-record';
import type { CustomerFields } from '../customers/customer';
import type { CheckCode, DocumentCheck, DocumentKind, IdCardFieldName, LicenceFieldName, RecognisedField } from '../ocr/types';

export type { DocumentKind } from '../ocr/types';

/** The fields of each document, in the order they are printed on it (and shown to the teller). */
export const ID_CARD_FIELDS: readonly IdCardFieldName[] = [
  'name', 'sex', 'ethnicity', 'birthDate', 'address', 'idNumber', 'issuingAuthority', 'validFrom', 'validUntil',
];
export const LICENCE_FIELDS: readonly LicenceFieldName[] = [
  'companyName', 'uscc', 'companyType', 'legalRepresentative', 'registeredCapital', 'establishedDate', 'address',
];

export function fieldsOf(kind: DocumentKind): readonly string[] {
  return kind === 'id-card' ? ID_CARD_FIELDS : LICENCE_FIELDS;
}

/** Plain values as the teller accepted or corrected them; the field names are those of `fieldsOf(kind)`. */
export type DocumentValues = Record<string, string>;

export type Verdict = 'accepted' | 'corrected' | 'rejected';
export const VERDICTS: readonly Verdict[] = ['accepted', 'corrected', 'rejected'];

/** Typed values carry no confidence: a person has looked at them, so they count as certain. */
function asRecognised<F extends string>(names: readonly F[], values: DocumentValues): Record<F, RecognisedField> {
  return Object.fromEntries(names.map((n) => [n, { value: (values[n] ?? '').trim(), confidence: 100, uncertain: false }])) as Record<F, RecognisedField>;
}

/** The same checks the recogniser runs, applied to the values the teller ended up with. */
export function checkValues(kind: DocumentKind, values: DocumentValues, today: Date): DocumentCheck[] {
  return kind === 'id-card' ? idCardChecks(asRecognised(ID_CARD_FIELDS, values), today) : licenceChecks(asRecognised(LICENCE_FIELDS, values));
}

// An early pilot USCC may fail its check character and still be a real enterprise (domain/identity/uscc.ts):
// the teller is told, but may accept it.
const ADVISORY: ReadonlySet<CheckCode> = new Set(['licence.usccCheckDigit']);

/** Checks that stop a document from being accepted; a failing document can still be rejected. */
export function blockingFailures(checks: readonly DocumentCheck[]): DocumentCheck[] {
  return checks.filter((c) => !c.ok && !ADVISORY.has(c.code));
}

/** The field a failed check points at, so the message can sit under the value to correct. */
export const CHECK_FIELD: Record<CheckCode, string> = {
  'id.checkDigit': 'idNumber',
  'id.region': 'idNumber',
  'id.birthDateMatches': 'birthDate',
  'id.sexMatches': 'sex',
  'id.notExpired': 'validUntil',
  'licence.uscc': 'uscc',
  'licence.usccCheckDigit': 'uscc',
};

/** The field that names the holder must be there whatever the checks say: a document of nobody is not accepted. */
export function holderField(kind: DocumentKind): 'name' | 'companyName' {
  return kind === 'id-card' ? 'name' : 'companyName';
}

/** What a customer file (or the new-customer form so far) says; blank means "not known yet", never a difference. */
export interface RecordFacts {
  name?: string;
  idNumber?: string;
  address?: string;
  companyName?: string;
  uscc?: string;
  legalRepresentative?: string;
}

const known = (s: string | undefined): string | undefined => (s && s.trim() ? s.trim() : undefined);

/** Differences between the document's values and the record, for the fields the record knows. */
export function differencesFrom(kind: DocumentKind, values: DocumentValues, facts: RecordFacts): RecordDifference[] {
  if (kind === 'id-card') {
    const rec = { name: known(facts.name) ?? '', idNumber: known(facts.idNumber) ?? '', address: known(facts.address) };
    return comparePerson(asRecognised(ID_CARD_FIELDS, values), rec).filter((d) => d.recorded !== '');
  }
  const rec = {
    companyName: known(facts.companyName) ?? '', uscc: known(facts.uscc) ?? '',
    legalRepresentative: known(facts.legalRepresentative), address: known(facts.address),
  };
  return compareCompany(asRecognised(LICENCE_FIELDS, values), rec).filter((d) => d.recorded !== '');
}

/**
 * The facts of a customer file a document can be checked against. An enterprise's ID card is its legal
 * representative's; a licence says nothing about a person.
 */
export function factsFromCustomer(kind: DocumentKind, c: Pick<CustomerFields, 'kind' | 'name' | 'idNumber' | 'address' | 'uscc' | 'legalRepresentative'>): RecordFacts {
  if (kind === 'id-card') return c.kind === 'individual' ? { name: c.name, idNumber: c.idNumber, address: c.address } : { name: c.legalRepresentative };
  return c.kind === 'enterprise' ? { companyName: c.name, uscc: c.uscc, legalRepresentative: c.legalRepresentative, address: c.address } : {};
}
