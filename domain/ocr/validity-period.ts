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

/** Every string from `digits` with exactly `n` digits replaced by one the recogniser confuses it with. */
function substitutions(digits: string, n: number, from = 0): string[] {
  if (n === 0) return [digits];
  const out: string[] = [];
  for (let i = from; i < digits.length; i++) {
    for (const d of DIGIT_CONFUSIONS[digits[i]!] ?? '') {
      if (!/\d/.test(d)) continue;
      out.push(...substitutions(digits.slice(0, i) + d + digits.slice(i + 1), n - 1, i + 1));
    }
  }
  return out;
}

/**
 * An issue date and expiry that break the card's rules (an issue date after today, an expiry not 5, 10 or 20
 * years later to the day) were misread: the pair the rules allow with the fewest confused digits (at most
 * `maxChanges`), when exactly one pair needs that few. Nothing when the reading is already allowed or the repair
 * is ambiguous — the teller then looks.
 */
export function repairPeriod(from: string, until: string, today: Date, maxChanges = 2): { from: string; until: string } | undefined {
  if (periodAllowed(from, until, today)) return undefined;
  const joined = until === '长期' ? from : from + until;
  for (let n = 1; n <= maxChanges; n++) {
    const found = new Set(substitutions(joined, n).filter((s) => periodAllowed(s.slice(0, 8), until === '长期' ? until : s.slice(8), today)));
    if (found.size === 1) {
      const s = [...found][0]!;
      return { from: s.slice(0, 8), until: until === '长期' ? until : s.slice(8) };
    }
    if (found.size > 1) return undefined;
  }
  return undefined;
}
