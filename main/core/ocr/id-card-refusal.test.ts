import { describe, expect, it } from 'vitest';
import type { IdCardResult, RecognisedField } from '../../../domain/ocr/types';
import { correction } from '../../../domain/ocr/messages';
import { ID_FRONT_REFUSE_FROM, idCardTooBlurred, numberConfirmed } from './id-card-refusal';

type Fields = IdCardResult['fields'];
const sure = (value: string): RecognisedField => ({ value, confidence: 99, uncertain: false });
const unsure = (value: string): RecognisedField => ({ value, confidence: 30, uncertain: true });
const shaken = { blur: { length: 9, angle: 0.5 }, lineHeight: 34 };
const sharp = { lineHeight: 34 };

/** A card read off a blurred photo: name, ethnicity and address uncertain, the rest as given. */
function card(idNumber: RecognisedField, more: Partial<Fields> = {}): Fields {
  return {
    name: unsure('影索导'), sex: sure('女'), ethnicity: unsure(''), birthDate: sure('1977-06-29'), address: unsure('文化路3元081'), idNumber,
    issuingAuthority: sure('蓬溪县公安局'), validFrom: sure('2024-01-16'), validUntil: sure('长期'), ...more,
  };
}

describe('refusing an ID card too blurred to read', () => {
  it('refuses a blurred front unsure of most of its fields when its number is not confirmed', () => {
    const fields = card(unsure('51092119770629820'), { sex: unsure('') });
    expect(Object.values(fields).filter((f) => f.uncertain).length).toBeGreaterThanOrEqual(ID_FRONT_REFUSE_FROM);
    expect(idCardTooBlurred(shaken, fields)).toBe(true);
  });

  it('reads a front whose number passed its check as read: sex and birth date are the number\'s, the rest is marked uncertain', () => {
    expect(idCardTooBlurred(shaken, card(sure('510921197706298201'), { sex: unsure('') }))).toBe(false);
    // Look-alike letters read for digits (O for 0) are no guess.
    const letters = { ...sure('510921197706298201'), corrected: correction('51O921197706298201', 'confusable-chars') };
    expect(idCardTooBlurred(shaken, card(letters, { sex: unsure('') }))).toBe(false);
  });

  it('does not trust a number made to pass by a guessed digit or birth date, nor one not passing at all', () => {
    expect(numberConfirmed(card(unsure('51092119770629820')))).toBe(false);
    for (const reason of ['id-check-digit', 'id-birth-date', 'id-region', 'second-reading'] as const) {
      const guessed = { ...sure('510921197706298201'), corrected: correction('510921197706298701', reason) };
      expect(idCardTooBlurred(shaken, card(guessed, { sex: unsure('') }))).toBe(true);
    }
  });

  it('judges the front alone: a back unsure of all three fields does not refuse the card', () => {
    const fields = card(unsure('51092119770629820'), { ethnicity: sure('汉'), issuingAuthority: unsure(''), validFrom: unsure(''), validUntil: unsure('') });
    expect(idCardTooBlurred(shaken, fields)).toBe(false);
  });

  it('shows a sharp picture\'s reading unless most of the front is uncertain', () => {
    expect(idCardTooBlurred(sharp, card(unsure('51092119770629820'), { ethnicity: sure('汉') }))).toBe(false);
    expect(idCardTooBlurred(sharp, card(unsure('51092119770629820')))).toBe(true);
  });
});
