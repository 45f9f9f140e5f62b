import type { RecognisedField } from '../../../domain/ocr/types';
import type { MotionBlur } from './paddle/motion-blur';

/** What the reading of one picture says about how legible it was. */
export interface PictureLegibility {
  /** The hand-shake streak found in the picture (looked for only when a line was read with a doubtful character). */
  blur?: MotionBlur;
  /** Median height of the detected lines, in the picture's pixels (0 when none was found). */
  lineHeight: number;
}

/**
 * Lines this short (detector boxes, which hold the characters with a margin) carry characters of about 12 px:
 * below what PP-OCR's recogniser reads reliably once a photo's JPEG and blur are added.
 */
export const SMALL_LINE_PX = 20;

/**
 * Uncertain fields from which a reading of a blurred or small-text picture is refused: four, most of a licence's
 * seven (an ID card's front passes its own four of six). Up to three uncertain fields the teller checks on
 * screen; from four on, most of the document would be typed anyway and a closer, steadier photo is quicker and
 * safer than correcting guesses. Three was too eager: on 48 development shaken photos (variant B, seeds
 * 105000–105047) the readings with exactly three uncertain fields had 5–7 of 7 right (one had 7 of 7, its three
 * doubts all right) and were refused; those with four or more had at most 4 right, most 0–3.
 */
export const REFUSE_FROM_UNCERTAIN = 4;

/** The picture is blurred by shake or its text is small: a retake closer up is what helps. */
export const blurredOrSmall = (pictures: readonly PictureLegibility[]): boolean =>
  pictures.some((p) => p.blur !== undefined || (p.lineHeight > 0 && p.lineHeight < SMALL_LINE_PX));

/**
 * Whether to refuse a reading as too small or blurred ("文字太小或模糊，请靠近重拍") instead of showing its fields:
 * when the picture measurably is blurred or its text small and the reading is unsure of REFUSE_FROM_UNCERTAIN
 * fields or more; or, whatever was measured, when it is unsure of most fields (the streak is not always found:
 * one along the rows hides in the text's own strokes). Without `fields` (the document's labels were not found at
 * all), a blurred or small picture alone decides: the teller is then told to come closer, not that this is no
 * licence. `refuseFrom` replaces REFUSE_FROM_UNCERTAIN for a document whose fields are judged on fewer of them.
 */
export function tooBlurredToRead(pictures: readonly PictureLegibility[], fields?: Readonly<Record<string, RecognisedField>>, refuseFrom = REFUSE_FROM_UNCERTAIN): boolean {
  if (!fields) return blurredOrSmall(pictures);
  const all = Object.values(fields);
  const uncertain = all.filter((f) => f.uncertain).length;
  return uncertain > all.length / 2 || (uncertain >= refuseFrom && blurredOrSmall(pictures));
}

/** Median of the lines' heights (0 for none). */
export function medianLineHeight(heights: readonly number[]): number {
  if (heights.length === 0) return 0;
  const s = [...heights].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}
