import { DIGIT_CONFUSIONS } from './confusables';

/** Years a resident ID card is valid for, from its issue date to the same day (or 长期, long-term). */
export const CARD_SPANS = [5, 10, 20] as const;

const dateOk = (d: string): boolean => {
  const [y, m, day] = [Number(d.slice(0, 4)), Number(d.slice(4, 6)), Number(d.slice(6, 8))];
  const t = new Date(Date.UTC(y, m - 1, day));
  return y >= 1984 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === day;
};
const ymd = (d: Date): string => d.toISOString().slice(0, 10).replace(/-/g, '');

/** Whether an issue date and an expiry (8 digits each, or 长期) are a pair a card can carry on `today`. */
export function periodAllowed(from: string, until: string, today: Date): boolean {
  if (!dateOk(from) || from > ymd(today)) return false;
  if (until === '长期') return true;
  return dateOk(until) && from.slice(4) === until.slice(4) && (CARD_SPANS as readonly number[]).includes(Number(until.slice(0, 4)) - Number(from.slice(0, 4)));
}

/** The card's span by law for a holder of `age` on its issue date: 5 years under 16, 10 under 26, 20 under 46, then long-term (0). */
const spanAtAge = (age: number): number => (age < 16 ? 5 : age < 26 ? 10 : age < 46 ? 20 : 0);

/** Full years from `birth` to `day` (8 digits each). */
const ageOn = (day: string, birth: string): number => Number(day.slice(0, 4)) - Number(birth.slice(0, 4)) - (day.slice(4) < birth.slice(4) ? 1 : 0);

/**
 * The issue date of a card valid until `until` for a holder born on `birth` (8 digits each): the span that leads
 * back to an issue date at which the holder's age gives that very span by law. At most one can (the further back,
 * the younger the holder and the shorter the span); none for a holder whose card would be long-term.
 */
export function issueDateFor(until: string, birth: string): string | undefined {
  return CARD_SPANS.map((span) => `${Number(until.slice(0, 4)) - span}${until.slice(4)}`).find((from, i) => dateOk(from) && spanAtAge(ageOn(from, birth)) === CARD_SPANS[i]);
}

/**
 * What the recogniser thought of each digit read (index into the joined from + until digits): the probability
 * (0–1) it gave another digit there, as runner-up. Where it is given, a digit it ranked as runner-up may replace
 * the one read even when it is no usual confusion, and a repair that is otherwise ambiguous is decided by it.
 */
export type DigitOdds = (index: number, digit: string) => number | undefined;

/** Every string from `digits` with exactly `n` digits replaced by one the recogniser confuses it with. */
function substitutions(digits: string, n: number, odds: DigitOdds | undefined, from = 0): string[] {
  if (n === 0) return [digits];
  const out: string[] = [];
  for (let i = from; i < digits.length; i++) {
    const others = new Set([...(DIGIT_CONFUSIONS[digits[i]!] ?? '')].filter((d) => /\d/.test(d)));
    if (odds) for (const d of '0123456789') if (d !== digits[i] && (odds(i, d) ?? 0) > 0) others.add(d);
    for (const d of others) out.push(...substitutions(digits.slice(0, i) + d + digits.slice(i + 1), n - 1, odds, i + 1));
  }
  return out;
}

/** A confusion the recogniser did not rank at all is not impossible, only unlikely. */
const UNRANKED = 0.005;
/** An ambiguous repair is decided by the runners-up only when one is this many times likelier than the next. */
const CLEARLY_LIKELIER = 3;

/**
 * An issue date and expiry that break the card's rules (an issue date after today, an expiry not 5, 10 or 20
 * years later to the day) were misread: the pair the rules allow with the fewest confused digits (at most
 * `maxChanges`), when exactly one pair needs that few — or, given the recogniser's runners-up (`odds`), when one
 * of them is clearly the likeliest (2024/2031 read for 2024/2034, the 4 runner-up to the 1). Nothing when the
 * reading is already allowed or the repair is ambiguous — the teller then looks.
 */
export function repairPeriod(from: string, until: string, today: Date, maxChanges = 2, odds?: DigitOdds): { from: string; until: string } | undefined {
  if (periodAllowed(from, until, today)) return undefined;
  const joined = until === '长期' ? from : from + until;
  const likelihood = (s: string): number => [...s].reduce((p, d, i) => (d === joined[i] ? p : p * (odds?.(i, d) ?? UNRANKED)), 1);
  for (let n = 1; n <= maxChanges; n++) {
    const found = [...new Set(substitutions(joined, n, odds).filter((s) => periodAllowed(s.slice(0, 8), until === '长期' ? until : s.slice(8), today)))];
    if (found.length === 0) continue;
    let pick = found.length === 1 ? found[0] : undefined;
    if (!pick && odds) {
      const ranked = found.map((s) => ({ s, p: likelihood(s) })).sort((a, b) => b.p - a.p);
      if (ranked[0]!.p >= CLEARLY_LIKELIER * ranked[1]!.p) pick = ranked[0]!.s;
    }
    return pick ? { from: pick.slice(0, 8), until: until === '长期' ? until : pick.slice(8) } : undefined;
  }
  return undefined;
}
