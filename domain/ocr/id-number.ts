import { validateResidentId } from '../identity/resident-id';
import { DIGIT_CONFUSIONS, DIGIT_LOOKALIKES } from './confusables';
import { type Glyph, withinSet } from './glyphs';
import { matchRegionPrefix } from './region-prefix';
import type { CorrectionReason } from './types';

export interface IdNumberHints {
  /** YYYYMMDD as read from the 出生 line, when it was read cleanly. */
  birthDigits?: string;
  sex?: '男' | '女';
  address?: string;
  today: Date;
}

export interface IdNumberReading {
  value: string;
  /** Per character, aligned with `value`. */
  confs: number[];
  valid: boolean;
  correction?: { from: string; reason: CorrectionReason };
}

const ID_CHARS = /[0-9Xx×]/;

const idChar = (ch: string): boolean => ID_CHARS.test(ch) || ch in DIGIT_LOOKALIKES;

/**
 * The longest run of characters that can be part of an ID number (digits, X and their look-alikes). A character
 * between two of them that is none, but has a digit among the recogniser's runners-up, is read as that digit
 * (a 6 smeared into 品 no longer cuts the number in two).
 */
export function findIdRun(line: readonly Glyph[]): Glyph[] {
  const glyphs = line.map((g, i) => (idChar(g.ch) || i === 0 || i === line.length - 1 || !idChar(line[i - 1]!.ch) || !idChar(line[i + 1]!.ch) ? g : withinSet(g, (ch) => /\d/.test(ch)) ?? g));
  let best: Glyph[] = [];
  let cur: Glyph[] = [];
  for (const g of glyphs) {
    if (idChar(g.ch)) cur.push(g);
    else {
      if (cur.length > best.length) best = cur;
      cur = [];
    }
  }
  return cur.length > best.length ? cur : best;
}

function normalise(glyphs: readonly Glyph[]): { value: string; confs: number[]; alts: Array<Glyph['alts']> } {
  const chars = glyphs.map((g, i) => {
    if (i === glyphs.length - 1 && /[Xx×]/.test(g.ch)) return 'X';
    return /\d/.test(g.ch) ? g.ch : DIGIT_LOOKALIKES[g.ch] ?? g.ch;
  });
  return { value: chars.join(''), confs: glyphs.map((g) => g.conf), alts: glyphs.map((g) => g.alts) };
}

function plausible(id: string, hints: IdNumberHints): boolean {
  const r = validateResidentId(id, hints.today);
  if (!r.ok) return false;
  if (hints.birthDigits && id.slice(6, 14) !== hints.birthDigits) return false;
  if (hints.sex && (r.sex === 'male') !== (hints.sex === '男')) return false;
  return true;
}

/**
 * Reads the ID number and repairs it against its own redundancy: the check character, the birth date printed
 * above it, the sex, and the region code of the address. A repair is only made when exactly one reading fits.
 */
export function readIdNumber(run: readonly Glyph[], hints: IdNumberHints): IdNumberReading {
  const raw = run.map((g) => g.ch).join('');
  let { value, confs, alts } = normalise(run);
  // Marks next to the number join its run; the number is the 18-character window that validates, else the last.
  if (value.length > 19) {
    const starts = Array.from({ length: value.length - 17 }, (_, i) => i);
    const ok = starts.find((i) => validateResidentId(value.slice(i, i + 18), hints.today).ok);
    const at = ok ?? value.length - 18;
    value = value.slice(at, at + 18);
    confs = confs.slice(at, at + 18);
    alts = alts.slice(at, at + 18);
  }
  // A stray mark before or after the number makes it 19 long; drop whichever end is weaker.
  // One character too many: a doubled digit or a speck. Drop the one whose removal leaves a plausible number,
  // else whichever end is weaker.
  if (value.length === 19) {
    const fits = Array.from({ length: 19 }, (_, i) => i).filter((i) => plausible(value.slice(0, i) + value.slice(i + 1), hints));
    const drop = fits.length >= 1 && fits.every((i) => value.slice(0, i) + value.slice(i + 1) === value.slice(0, fits[0]!) + value.slice(fits[0]! + 1)) ? fits[0]! : confs[0]! < confs[18]! ? 0 : 18;
    value = value.slice(0, drop) + value.slice(drop + 1);
    confs = [...confs.slice(0, drop), ...confs.slice(drop + 1)];
    alts = [...alts.slice(0, drop), ...alts.slice(drop + 1)];
  }
  const fromLookalikes = value !== raw.toUpperCase() ? { from: raw, reason: 'confusable-chars' as const } : undefined;
  if (value.length !== 18 || !/^\d{17}[\dX]$/.test(value)) return { value, confs, valid: false };
  if (validateResidentId(value, hints.today).ok) return { value, confs, valid: true, correction: fromLookalikes };

  const candidates = new Map<string, CorrectionReason>();
  const region = hints.address ? matchRegionPrefix(hints.address, 2) : undefined;
  const bases: Array<[string, CorrectionReason]> = [[value, 'id-check-digit']];
  if (hints.birthDigits && value.slice(6, 14) !== hints.birthDigits) bases.push([value.slice(0, 6) + hints.birthDigits + value.slice(14), 'id-birth-date']);
  if (region && region.code !== value.slice(0, 6)) for (const [b] of [...bases]) bases.push([region.code + b.slice(6), 'id-region']);
  for (const [base, reason] of bases) {
    if (base !== value && plausible(base, hints)) candidates.set(base, reason);
  }
  if (candidates.size === 0) {
    // One misread character: for each position at most a couple of digits satisfy the check character.
    let bestScore = -Infinity;
    let secondScore = -Infinity;
    let best: [string, CorrectionReason] | undefined;
    for (const [base, reason] of bases) {
      for (let i = 0; i < 18; i++) {
        for (const d of i === 17 ? '0123456789X' : '0123456789') {
          if (d === base[i]) continue;
          const cand = base.slice(0, i) + d + base.slice(i + 1);
          // Without a weak character there is no evidence of where the error is: any position could be "fixed".
          if (confs[i]! >= 85 || !plausible(cand, hints)) continue;
          // Weak characters and the usual confusions are the likely culprits, above all a digit the recogniser
          // itself ranked next (its probability, 0–100, counts); the check character itself is only blamed when
          // it is weaker than the rest, as any single error could otherwise be "fixed" there.
          const runnerUp = alts[i]?.find((a) => a.ch === d)?.conf ?? 0;
          const score = (100 - confs[i]!) + (DIGIT_CONFUSIONS[base[i]!]?.includes(d) ? 25 : 0) + runnerUp - (i === 17 ? 20 : 0);
          if (score > bestScore) {
            secondScore = bestScore;
            bestScore = score;
            best = [cand, reason === 'id-check-digit' ? 'id-check-digit' : reason];
          } else if (score > secondScore) secondScore = score;
        }
      }
    }
    if (best && bestScore - secondScore >= 15) candidates.set(best[0], best[1]);
  }
  if (candidates.size !== 1) return { value, confs, valid: false, correction: fromLookalikes };
  const [fixed, reason] = [...candidates][0]!;
  return { value: fixed, confs, valid: true, correction: { from: raw, reason } };
}
