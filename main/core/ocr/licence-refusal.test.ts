import { describe, expect, it } from 'vitest';
import { correction } from '../../../domain/ocr/messages';
import type { LicenceResult, RecognisedField } from '../../../domain/ocr/types';
import { codeConfirmed, licenceTooBlurred } from './licence-refusal';

type Fields = LicenceResult['fields'];
const sure = (value: string): RecognisedField => ({ value, confidence: 99, uncertain: false });
const unsure = (value: string): RecognisedField => ({ value, confidence: 30, uncertain: true });
const shaken = { blur: { length: 9, angle: 0.5 }, lineHeight: 18 };

/** A licence read off a shaken photo: name, legal representative, capital and address uncertain. */
function licence(uscc: RecognisedField): Fields {
  return {
    uscc, companyName: unsure(''), companyType: sure('有限责任公司（法人独资）'), legalRepresentative: unsure('郭华文'),
    registeredCapital: unsure('叁仟万元'), establishedDate: sure('1999-08-21'), address: unsure('河北省唐山市河北唐山海港经济开发区光明街384号'),
  };
}

describe('refusing a licence too blurred to read', () => {
  it('shows a last reading unsure of four fields when its code passed both checks as read', () => {
    expect(licenceTooBlurred(shaken, licence(sure('91130274770758432P')), true)).toBe(false);
    const letters = { ...sure('91130274770758432P'), corrected: correction('9113O274770758432P', 'confusable-chars') };
    expect(codeConfirmed(licence(letters))).toBe(true);
  });

  it('refuses it when the code is uncertain or was guessed to pass, and refuses an earlier reading whatever its code', () => {
    expect(licenceTooBlurred(shaken, licence(unsure('91130274770758432')), true)).toBe(true);
    const guessed = { ...sure('91130274770758432P'), corrected: correction('91130274770758482P', 'uscc-check-digit') };
    expect(licenceTooBlurred(shaken, licence(guessed), true)).toBe(true);
    // Before the shake is taken out: refused, so that it is read again.
    expect(licenceTooBlurred(shaken, licence(sure('91130274770758432P')), false)).toBe(true);
  });
});
