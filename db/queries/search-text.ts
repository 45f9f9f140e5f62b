/** Text preparation shared by the customer search projection (what is indexed) and its queries (what is asked). */

const HAN = /\p{Script=Han}/u;

/**
 * What a teller types or pastes, made comparable with what is stored: full-width digits and letters become
 * ASCII (NFKC), and every kind of space is dropped — "１３８ ０３５７ １２３４" finds 13803571234.
 */
export function normalizeQuery(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/gu, '');
}

/**
 * Overlapping pairs of consecutive Chinese characters, space separated, for the `customer_bigram` index:
 * "晋阳控股" → "晋阳 阳控 控股". A two-character query is then a single token.
 */
export function bigramTokens(text: string): string {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) {
    if (HAN.test(chars[i]!) && HAN.test(chars[i + 1]!)) out.push(chars[i]! + chars[i + 1]!);
  }
  return out.join(' ');
}

export const isHanPair = (q: string): boolean => [...q].length === 2 && [...q].every((c) => HAN.test(c));

/** An FTS5 string literal: the query as one phrase, with its quotes doubled so it can never be read as syntax. */
export const ftsPhrase = (q: string): string => `"${q.replace(/"/g, '""')}"`;
