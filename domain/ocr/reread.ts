import { frontLines } from './extract-id-card';
import { type Glyph, isCjk, NOISE, toHalfWidth } from './glyphs';
import { COMMON_SURNAMES } from './surnames';
import type { OcrBox, OcrLine, OcrPage, OcrWord } from './types';

/** A row of the card front worth a second, single-line reading, and the part of the picture that holds its value. */
export interface RereadRegion { field: 'name' | 'address' | 'idNumber'; line: number; box: OcrBox }

/** Value column of a card cropped to its edges: labels end before 17.5% of the width, the photo starts at 66%. */
const VALUE_FROM = 0.175;
const VALUE_TO = 0.66;

/**
 * The name and address rows of a card front, found on the whole-page reading. Read on their own as one text
 * line, the Chinese model gets rare characters of given names and village names right more often than in the
 * block reading, where it leans on its neighbours. Only a card cropped to its edges has a known value column.
 */
export function idFrontRereadRegions(page: OcrPage): RereadRegion[] {
  if (!page.croppedToCard) return [];
  const rows = frontLines(page);
  const out: RereadRegion[] = [];
  const add = (field: RereadRegion['field'], glyphs: Glyph[] | undefined): void => {
    const line = glyphs?.find((g) => g.line !== undefined)?.line;
    const l = line === undefined ? undefined : page.lines[line];
    if (!l || out.some((r) => r.line === line)) return;
    const h = l.bbox.y1 - l.bbox.y0;
    const pad = Math.round(h * 0.3);
    const y0 = Math.max(0, l.bbox.y0 - pad);
    const y1 = Math.min(page.height, l.bbox.y1 + pad);
    const x0 = Math.round(VALUE_FROM * page.width);
    const x1 = Math.round(VALUE_TO * page.width);
    if (y1 - y0 < 8 || x1 <= x0) return;
    out.push({ field, line: line!, box: { x0, y0, x1, y1 } });
  };
  add('name', rows.name);
  for (const a of rows.address) add('address', a);
  return out;
}

/**
 * The ID number's row, from where its run of digits starts to the card's right edge, for a reading restricted to
 * digits and X when the whole-page reading does not pass the number's own checks.
 */
export function idNumberRereadRegion(page: OcrPage): RereadRegion | undefined {
  const rows = frontLines(page);
  const first = rows.numberRun[0];
  const line = first?.line;
  const l = line === undefined ? undefined : page.lines[line];
  if (!first || !l) return undefined;
  const h = l.bbox.y1 - l.bbox.y0;
  const pad = Math.round(h * 0.3);
  const y0 = Math.max(0, l.bbox.y0 - pad);
  const y1 = Math.min(page.height, l.bbox.y1 + pad);
  const x0 = Math.max(0, Math.round(first.x0 - h));
  if (y1 - y0 < 8 || page.width - x0 < 8) return undefined;
  return { field: 'idNumber', line: line!, box: { x0, y0, x1: page.width, y1 } };
}

/** Confidence of the weakest character of the words, specks and punctuation left out; -1 when there is none. */
function weakestChar(words: readonly OcrWord[]): number {
  let min = Infinity;
  for (const w of words) {
    const chars = [...toHalfWidth(w.text).replace(/\s+/g, '')];
    const per = w.charConfidences?.length === chars.length ? w.charConfidences : undefined;
    chars.forEach((ch, i) => {
      if (!NOISE.has(ch) && !/[。.]/.test(ch)) min = Math.min(min, per ? per[i]! : w.confidence);
    });
  }
  return min === Infinity ? -1 : min;
}

const firstCjk = (words: readonly OcrWord[]): string | undefined => [...words.map((w) => w.text).join('')].find(isCjk);

/**
 * For a name, a reading that starts with a common surname beats one that does not (a misread surname is
 * usually a rarer look-alike character: 能 for 熊, 间 for 闫); otherwise the surer weakest character wins.
 */
function secondIsBetter(region: RereadRegion, first: readonly OcrWord[], second: readonly OcrWord[]): boolean {
  if (region.field === 'name') {
    const a = COMMON_SURNAMES.has(firstCjk(first) ?? '');
    const b = COMMON_SURNAMES.has(firstCjk(second) ?? '');
    if (a !== b) return b;
  }
  return weakestChar(second) > weakestChar(first);
}

/**
 * Puts second readings (already in page coordinates) in place of the value part of their rows when they are
 * better (see secondIsBetter): a misread rare character is usually the least sure one, and the two readings
 * rarely misread the same character with the same confidence. The label part left of the
 * region stays, so the rows are still found by their labels. An empty second reading changes nothing.
 */
export function mergeRereads(page: OcrPage, reads: ReadonlyArray<{ region: RereadRegion; line: OcrLine | undefined }>, when: 'surer' | 'always' = 'surer'): OcrPage {
  const lines = [...page.lines];
  for (const { region, line } of reads) {
    const old = lines[region.line];
    if (!old || !line || line.words.every((w) => !w.text.trim())) continue;
    const inRegion = (w: OcrWord): boolean => (w.bbox.x0 + w.bbox.x1) / 2 >= region.box.x0 && (w.bbox.x0 + w.bbox.x1) / 2 < region.box.x1;
    if (when === 'surer' && !secondIsBetter(region, old.words.filter(inRegion), line.words)) continue;
    const keep = old.words.filter((w) => !inRegion(w) && (w.bbox.x0 + w.bbox.x1) / 2 < region.box.x0);
    const words = [...keep, ...line.words];
    lines[region.line] = {
      text: words.map((w) => w.text).join(' '),
      confidence: Math.min(old.confidence, line.confidence),
      bbox: { x0: Math.min(old.bbox.x0, line.bbox.x0), y0: Math.min(old.bbox.y0, line.bbox.y0), x1: Math.max(old.bbox.x1, line.bbox.x1), y1: Math.max(old.bbox.y1, line.bbox.y1) },
      words,
    };
  }
  return { ...page, lines };
}
