import type { LicenceResult } from '../../../domain/ocr/types';
import { type PictureLegibility, tooBlurredToRead } from './legibility';

/**
 * The licence's code passed both its check characters as read (no character guessed to make it pass: at most
 * look-alike letters taken for digits). It is the business's own, the picture was legible enough to read eighteen
 * small characters right, and whatever else the blur took is marked uncertain for the teller.
 */
export function codeConfirmed(fields: LicenceResult['fields']): boolean {
  const code = fields.uscc;
  return !code.uncertain && (!code.corrected || code.corrected.reason === 'confusable-chars');
}

/**
 * Whether a licence read from a blurred or small picture is refused as too blurred (see tooBlurredToRead). On its
 * `last` reading (the shake taken out, or none found to take out), not when its code is confirmed, as an ID card is
 * not when its number is: on 40 tuning photo-b licences the readings refused for four to six uncertain fields whose
 * code was confirmed had three to six fields right and no wrong one shown certain, and refusing them lost 22 right
 * fields. An earlier reading is still refused, so that the shake is taken out before the teller sees it.
 */
export function licenceTooBlurred(picture: PictureLegibility, fields: LicenceResult['fields'], last: boolean): boolean {
  if (last && codeConfirmed(fields)) return false;
  return tooBlurredToRead([picture], fields);
}
