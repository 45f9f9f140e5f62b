import { describe, expect, it } from 'vitest';
import type { RecognisedField } from '../../../domain/ocr/types';
import { blurredOrSmall, medianLineHeight, REFUSE_FROM_UNCERTAIN, SMALL_LINE_PX, tooBlurredToRead } from './legibility';

const field = (uncertain: boolean): RecognisedField => ({ value: uncertain ? '' : '有', confidence: uncertain ? 20 : 99, uncertain });
/** Seven licence fields, `n` of them uncertain. */
const fields = (n: number): Record<string, RecognisedField> => Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`f${i}`, field(i < n)]));
const shaken = { blur: { length: 9, angle: 0.5 }, lineHeight: 34 };
const sharp = { lineHeight: 34 };
const tiny = { lineHeight: SMALL_LINE_PX - 4 };

describe('refusing a picture too small or blurred to read', () => {
  it('refuses a shaken or small-text picture whose reading is unsure of many fields', () => {
    expect(tooBlurredToRead([shaken], fields(REFUSE_FROM_UNCERTAIN))).toBe(true);
    expect(tooBlurredToRead([tiny], fields(REFUSE_FROM_UNCERTAIN + 1))).toBe(true);
    // An ID card: either side blurred counts.
    expect(tooBlurredToRead([sharp, shaken], fields(REFUSE_FROM_UNCERTAIN))).toBe(true);
  });

  it('shows the fields when up to three of a licence\'s seven are uncertain: the teller checks those on screen', () => {
    expect(tooBlurredToRead([shaken], fields(3))).toBe(false);
    expect(tooBlurredToRead([shaken], fields(REFUSE_FROM_UNCERTAIN - 1))).toBe(false);
    expect(tooBlurredToRead([shaken], fields(0))).toBe(false);
  });

  it('lets a document judged on other fields set its own count', () => {
    expect(tooBlurredToRead([shaken], fields(2), 3)).toBe(false);
    expect(tooBlurredToRead([shaken], fields(3), 3)).toBe(true);
  });

  it('on a picture with no blur found, refuses only a reading unsure of most fields', () => {
    expect(tooBlurredToRead([sharp], fields(3), 3)).toBe(false);
    expect(tooBlurredToRead([sharp], fields(4))).toBe(true);
    expect(tooBlurredToRead([{ lineHeight: 0 }], fields(7))).toBe(true);
    expect(blurredOrSmall([sharp, { lineHeight: SMALL_LINE_PX }])).toBe(false);
  });

  it('takes a blurred picture whose labels were not found for too blurred, not for another document', () => {
    expect(tooBlurredToRead([shaken])).toBe(true);
    expect(tooBlurredToRead([sharp])).toBe(false);
  });

  it('takes the median line height', () => {
    expect(medianLineHeight([])).toBe(0);
    expect(medianLineHeight([40, 12, 30])).toBe(30);
  });
});
