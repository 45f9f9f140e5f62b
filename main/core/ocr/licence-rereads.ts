import { buildLicenceResult, looksLikeLicence } from '../../../domain/ocr';
import type { LicenceResult, OcrPage } from '../../../domain/ocr/types';
import { pageFromBoxes } from './paddle/page-layout';
import type { RereadChoice } from './paddle/read-text';

/**
 * The runs of a text a line and a field value must share for the line to count as the field's: two characters
 * where one is not ASCII (台儿, 庄区), four where both are (a USCC's or date's digits: 2016, 9137…), so the
 * business scope or a serial number do not count as a field's line by a digit pair or a common word they share.
 */
function runs(text: string): string[] {
  const cs = [...text.replace(/\s+/g, '')];
  const out: string[] = [];
  cs.forEach((c, i) => {
    const two = cs.slice(i, i + 2);
    if (two.length === 2 && two.some((x) => x.charCodeAt(0) > 0x7f)) out.push(two.join(''));
    const four = cs.slice(i, i + 4);
    if (four.length === 4 && four.every((x) => x.charCodeAt(0) <= 0x7f)) out.push(four.join(''));
  });
  return out;
}

/** A licence's fields as read from a page. */
export type LicenceBuild = (page: OcrPage) => LicenceResult;

/**
 * buildLicenceResult that remembers its last page: a reading's fields are built to choose the lines read again
 * (below) and once more on the final page, which is the same page when no second reading changed a line (a build
 * costs 30–40 ms of CPU on a loaded machine; comparing the pages well under one).
 */
export function licenceBuilder(): LicenceBuild {
  let last: { key: string; result: LicenceResult } | undefined;
  return (page) => {
    const key = JSON.stringify(page);
    if (last?.key !== key) last = { key, result: buildLicenceResult(page, 0) };
    return last.result;
  };
}

/** A line this short (a label's lone character, a two-character name) is always read again: it costs little. */
const SHORT_LINE = 2;

/**
 * Which doubtful lines of a licence are read again (see readText): on a licence about half its lines are its
 * business scope, the registration footer, its title and serial number, and a shaken photo makes nearly all of
 * them doubtful. When the first reading already finds every field, a line that shares no run of characters
 * (see `runs`) with any field's value — as read or as corrected — holds none of them, and reading it again could
 * only change text no field is taken from. Otherwise (a field not found, no licence recognised) every doubtful
 * line is read again, as before.
 */
export const licenceLinesWorthReadingAgain = (build: LicenceBuild = licenceBuilder()): RereadChoice => (first, direction, img) => {
  const page = pageFromBoxes(first.filter((b) => b.chars.length > 0), direction, img.width, img.height);
  if (!looksLikeLicence(page)) return () => true;
  const fields = Object.values(build(page).fields);
  if (fields.every((f) => f.value !== '' && !f.uncertain)) return 'settled';
  if (fields.some((f) => f.value === '')) return () => true;
  const fieldRuns = new Set(fields.flatMap((f) => [...runs(f.value), ...(f.corrected ? runs(f.corrected.from) : [])]));
  return (i) => {
    const text = first[i]!.chars.map((c) => c.ch).join('');
    return [...text.replace(/\s+/g, '')].length <= SHORT_LINE || runs(text).some((r) => fieldRuns.has(r));
  };
};
