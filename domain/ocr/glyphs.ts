import type { OcrLine, OcrPage } from './types';

/** One character with its word's confidence and an estimated horizontal extent. */
export interface Glyph {
  ch: string;
  conf: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** From a very weak word that also held a noise mark: often a speck of the background read as a character. */
  suspect?: boolean;
  /** Index of the page line it came from, so a row found here can be read again from the picture. */
  line?: number;
  /** The recogniser's runners-up for this character, most probable first (see OcrWord.charAlternatives). */
  alts?: ReadonlyArray<{ ch: string; conf: number }>;
  /** On the first / last character read in a detector's box: how far the box runs on beyond its centre (see OcrWord). */
  unreadBefore?: number;
  unreadAfter?: number;
}

/** Full-width ASCII as some recognisers return it (０１２, Ｘ) folded to half width. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** Specks, frame lines and security print come back as these; they never belong to a field value. */
export const NOISE = new Set('"\'”“‘’`_|~、，,;；:：!！?？·•*^=—–…<>《》[]{}【】@#$%&+\\/'.split(''));

/** Each character with its place on the line: as the recogniser located it, or the word's box split evenly. */
export function lineGlyphs(line: OcrLine): Glyph[] {
  const out: Glyph[] = [];
  for (const w of line.words) {
    const chars = [...toHalfWidth(w.text).replace(/\s+/g, '')];
    const step = (w.bbox.x1 - w.bbox.x0) / Math.max(1, chars.length);
    const per = w.charConfidences?.length === chars.length ? w.charConfidences : undefined;
    const spans = w.charSpans?.length === chars.length ? w.charSpans : undefined;
    const alts = w.charAlternatives?.length === chars.length ? w.charAlternatives : undefined;
    const suspect = w.confidence < 30 && chars.some((c) => NOISE.has(c));
    chars.forEach((ch, i) => out.push({
      ch, suspect, conf: per ? per[i]! : w.confidence,
      x0: spans ? spans[i]![0] : w.bbox.x0 + step * i, x1: spans ? spans[i]![1] : w.bbox.x0 + step * (i + 1),
      y0: w.bbox.y0, y1: w.bbox.y1,
      ...(alts?.[i]?.length ? { alts: alts[i]!.map((a) => ({ ...a, ch: toHalfWidth(a.ch) })) } : {}),
      ...(i === 0 && w.unreadBefore !== undefined ? { unreadBefore: w.unreadBefore } : {}),
      ...(i === chars.length - 1 && w.unreadAfter !== undefined ? { unreadAfter: w.unreadAfter } : {}),
    }));
  }
  return out;
}

export function pageGlyphLines(page: OcrPage): Glyph[][] {
  return page.lines
    .map((l, i) => lineGlyphs(l).map((g) => ({ ...g, line: i })))
    .filter((g) => g.length > 0)
    .sort((a, b) => a[0]!.y0 - b[0]!.y0);
}

/**
 * A value whose characters come from a known set (digits, an amount's numerals, a USCC's alphabet): a character
 * outside it that the recogniser ranked a character inside it as runner-up to is read as that runner-up. Its
 * confidence is the runner-up's share of what is left once the readings that cannot stand are taken out (the
 * probability the recogniser gave no character in its list counted as possible), so a close second stays sure
 * and a far one stays doubtful.
 */
export function constrained(glyphs: readonly Glyph[], allowed: (ch: string) => boolean, only: (g: Glyph) => boolean = () => true): Glyph[] {
  return glyphs.map((g) => (allowed(g.ch) || !only(g) ? g : withinSet(g, allowed) ?? g));
}

/** A runner-up under this confidence (0–100) is no reading of the character at all. */
const LEAST_RUNNER_UP = 1;

export function withinSet(g: Glyph, allowed: (ch: string) => boolean): Glyph | undefined {
  const alts = g.alts ?? [];
  const fit = alts.filter((a) => allowed(a.ch) && a.conf >= LEAST_RUNNER_UP);
  if (fit.length === 0) return undefined;
  const unseen = Math.max(0, 100 - g.conf - alts.reduce((s, a) => s + a.conf, 0));
  const possible = fit.reduce((s, a) => s + a.conf, 0) + unseen;
  // The other runners-up stay: a check character may still choose among them.
  return { ...g, ch: fit[0]!.ch, conf: (100 * fit[0]!.conf) / possible, alts: alts.filter((a) => a !== fit[0]) };
}

export const text = (glyphs: readonly Glyph[]): string => glyphs.map((g) => g.ch).join('');

/** Rounded minimum; an empty value has confidence 0. */
export function minConf(glyphs: readonly Glyph[]): number {
  return glyphs.length === 0 ? 0 : Math.round(Math.max(0, Math.min(...glyphs.map((g) => g.conf))));
}

export const isCjk = (ch: string): boolean => /[\u3400-\u9fff]/.test(ch);
export const isDigit = (ch: string): boolean => /\d/.test(ch);

/**
 * Beyond a box's first or last character's centre the detector's box runs on about half a box height (0.4–0.6 on
 * development licences, 0.78 at the 99th percentile); a character inside the box that the recogniser read as
 * nothing (one outside its character set: 骉, 曌; or one lost in blur) leaves 1.1–1.5.
 */
const UNREAD_CHARACTER = 0.95;

/**
 * Whether the detector's box holds unread ink before (`start`) or after (`end`) this character, its first or last:
 * the box runs on more than `atLeast` box heights beyond its centre.
 */
export function unreadBeside(g: Glyph, side: 'start' | 'end', atLeast = UNREAD_CHARACTER): boolean {
  const run = side === 'start' ? g.unreadBefore : g.unreadAfter;
  return run !== undefined && run > atLeast * (g.y1 - g.y0);
}

/**
 * Centre to centre, two neighbouring characters of one box stand 0.44–0.91 box heights apart in names read whole
 * (80 cards of eight captures); a character between them read as nothing (垚 of 卢垚兴, outside the recogniser's
 * set) leaves 1.16–1.26.
 */
const UNREAD_BETWEEN = 1.05;

/** Whether two neighbouring characters of one detector's box stand a character apart: one between them went unread. */
export function unreadBetween(glyphs: readonly Glyph[]): boolean {
  const mid = (g: Glyph): number => (g.x0 + g.x1) / 2;
  return glyphs.some((g, i) => {
    const next = glyphs[i + 1];
    return next !== undefined && next.line === g.line && mid(next) - mid(g) > UNREAD_BETWEEN * Math.min(g.y1 - g.y0, next.y1 - next.y0);
  });
}

/**
 * Whether the recogniser ranked a character of `allowed` behind this one at `share` (0–1) of it or more: nothing
 * checks such a field (a name, a house number), so a look-alike that close leaves it doubtful.
 */
export function closeRunnerUp(g: Glyph, allowed: (ch: string) => boolean, share: number): boolean {
  return !!g.alts?.some((a) => allowed(a.ch) && a.conf >= share * g.conf);
}

export function dropNoise(glyphs: readonly Glyph[]): Glyph[] {
  return glyphs.filter((g) => !NOISE.has(g.ch));
}

/** Stray low-confidence marks at either end of a value (frame edges, stamps) are dropped. */
export function trimWeakEnds(glyphs: readonly Glyph[], below = 35): Glyph[] {
  let a = 0;
  let b = glyphs.length;
  while (b - a > 1 && glyphs[a]!.conf < below) a++;
  while (b - a > 1 && glyphs[b - 1]!.conf < below) b--;
  return glyphs.slice(a, b);
}

/**
 * Removes a printed label from the start of a value: leading characters belonging to the label (in any order,
 * as spaced labels are often split) and noise, but never more than the label is long. When the label itself was
 * misread, the wide gap between the label column and the value column still marks where the value starts.
 */
export function stripLabel(glyphs: readonly Glyph[], label: string): Glyph[] {
  let i = 0;
  let labelChars = 0;
  while (i < glyphs.length && labelChars < label.length) {
    const g = glyphs[i]!;
    if (label.includes(g.ch)) labelChars++;
    else if (!NOISE.has(g.ch)) break;
    i++;
  }
  while (i < glyphs.length && NOISE.has(glyphs[i]!.ch)) i++;
  if (labelChars < label.length) {
    // A wide gap is wider than 1.4 line heights or 1.2 character widths: the box of a photographed line is
    // taller than its characters when it slants, so its height alone misses the gap.
    const wide = Math.min(1.4 * median(glyphs.map((g) => g.y1 - g.y0)), 1.2 * median(glyphs.map((g) => g.x1 - g.x0)));
    for (let j = i; j < Math.min(glyphs.length - 1, label.length + 1); j++) {
      if (glyphs[j + 1]!.x0 - glyphs[j]!.x1 > wide) return dropNoise(glyphs.slice(j + 1));
    }
  }
  return glyphs.slice(i);
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** How many of the label's characters appear, in order, among the first glyphs of a line (0–1). */
export function labelScore(glyphs: readonly Glyph[], label: string, from = 0): number {
  const head = glyphs.slice(from, from + label.length + 2).filter((g) => !NOISE.has(g.ch));
  let k = 0;
  for (const g of head) if (k < label.length && g.ch === label[k]) k++;
  let any = 0;
  for (const ch of label) if (head.some((g) => g.ch === ch)) any++;
  return Math.max(k, any) / label.length;
}

export function levenshtein(a: string, b: string): number {
  const A = [...a];
  const B = [...b];
  let prev = Array.from({ length: B.length + 1 }, (_, j) => j);
  for (let i = 1; i <= A.length; i++) {
    const cur = [i];
    for (let j = 1; j <= B.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (A[i - 1] === B[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[B.length]!;
}
