import { idCardChecks, licenceChecks } from './checks';
import { extractIdCardFields, looksLikeIdFront } from './extract-id-card';
import { extractLicenceFields, looksLikeLicence } from './extract-licence';
import type { IdCardResult, LicenceResult, OcrPage } from './types';

export * from './types';
export { comparePerson, compareCompany, type PersonRecord, type CompanyRecord, type RecordDifference } from './compare-record';
export { looksLikeIdFront, looksLikeLicence };

/** From recognised pages to what the teller sees: fields, corrections and checks. `today` decides expiry. */
export function buildIdCardResult(front: OcrPage, back: OcrPage | undefined, today: Date, timingMs: number): IdCardResult {
  const fields = extractIdCardFields(front, back, today);
  return { kind: 'id-card', fields, checks: idCardChecks(fields, today), timingMs };
}

export function buildLicenceResult(page: OcrPage, timingMs: number): LicenceResult {
  const fields = extractLicenceFields(page);
  return { kind: 'licence', fields, checks: licenceChecks(fields), timingMs };
}
