import type { IdCardResult } from '../../../domain/ocr/types';
import { type PictureLegibility, tooBlurredToRead } from './legibility';

/** The fields an ID card's back holds. */
const BACK_FIELDS: ReadonlySet<string> = new Set(['issuingAuthority', 'validFrom', 'validUntil']);
/**
 * Uncertain front fields (of six) from which a blurred or small card is refused. Three is half the front, and since
 * names and addresses are marked uncertain on weaker evidence (a look-alike's prior, a box's unread ink), a hard
 * photo with three fields to check often had the other six of its nine right: on fresh hard photos refusing it lost
 * them (47 → 41 of 54 fields on six cards). Four — most of the front — is still refused.
 */
export const ID_FRONT_REFUSE_FROM = 4;

/**
 * The front's number passed its check character and holds a real birth date as read (no digit guessed to make it
 * pass: at most look-alike letters taken for digits). Its sex and birth date are then the card's, and whatever the
 * blur took from the name, ethnicity or address is already marked uncertain for the teller to check.
 */
export function numberConfirmed(fields: IdCardResult['fields']): boolean {
  const n = fields.idNumber;
  return !n.uncertain && (!n.corrected || n.corrected.reason === 'confusable-chars');
}

/**
 * Whether an ID card read from a blurred or small picture is refused as too blurred (文字太小或模糊，请靠近重拍)
 * rather than shown: from ID_FRONT_REFUSE_FROM uncertain front fields, unless the front's number is confirmed — a
 * refused card costs all nine fields, and on development hard photos and photo-b the refused cards with a confirmed
 * number had most of their fields right (their backs whole) and every wrong one uncertain. Judged on the front,
 * which holds six of the nine fields: a back too blurred to read leaves its three fields uncertain on screen (and
 * the validity check failing), which the teller fixes or retakes alone.
 */
export function idCardTooBlurred(front: PictureLegibility, fields: IdCardResult['fields']): boolean {
  if (numberConfirmed(fields)) return false;
  const front6 = Object.fromEntries(Object.entries(fields).filter(([k]) => !BACK_FIELDS.has(k)));
  return tooBlurredToRead([front], front6, ID_FRONT_REFUSE_FROM);
}
