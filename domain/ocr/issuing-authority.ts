import { lookupRegion } from '../identity/resident-id';
import { levenshtein } from './glyphs';
import { correction } from './messages';
import { isCountyName, isRegionName } from './region-prefix';
import type { RecognisedField } from './types';

/**
 * Rules for the card back's issuing authority. Every card is issued by a public security bureau (…县公安局,
 * …市公安局) or its branch (…市公安局…区分局), and a county-level bureau is named after the county of the holder's
 * ID number (the region table has it): a reading that breaks this was cut or misread, and is repaired from the
 * number's region or left for the teller.
 */

/** Characters from which a county name may have lost one and also be misread elsewhere. */
const LONG_COUNTY = 6;

/**
 * Whether `read` is the county `name` with up to a third of its characters misread (景谷像族弗族自治县 for
 * 景谷傣族彝族自治县; one in a short name), and not itself another county's name: the holder may have moved since
 * the number was given. A long name may also have lost a character besides (大厂国自治县 for 大厂回族自治县, 山鼻族…
 * for 巍山彝族…): a blurred photo merges two narrow ones.
 */
function misreadName(read: string, name: string): boolean {
  const lost = Math.abs(read.length - name.length);
  if (lost > 1 || (lost === 1 && name.length < LONG_COUNTY && levenshtein(read, name) > 1)) return false;
  return levenshtein(read, name) <= Math.max(1, Math.floor(name.length / 3)) && !isCountyName(read);
}

/**
 * Whether `read` is what is left of the county `name` when its first characters were lost or misread past what
 * misreadName allows: only its end read (区 of 崆峒区: the district's characters in a font the recogniser does not
 * know), or as many characters ending the same way with most of them misread (腔响区). No region of that name
 * exists, so the number's county is the likeliest by far — but not sure: the result is uncertain.
 */
function remnantOf(read: string, name: string): boolean {
  if (read === name || isRegionName(read)) return false;
  if (read.length < name.length) return name.endsWith(read);
  return read.length === name.length && read.at(-1) === name.at(-1) && levenshtein(read, name) <= Math.ceil((2 * name.length) / 3);
}

/** A branch's name (…开发区, …区) as the last thing read on a city bureau's line: its 分局 was cut off at the card's edge. */
const BRANCH_CUT = /^(.+?公安局)(.+[区县市旗])$/;

/**
 * A reading that stops before the authority's end completed: …开发区分 and …公安 can only end in 局 (as sure as
 * the rest was read); a branch's name with its 分局 past the card's edge gets it, uncertain — more than one
 * character was not seen.
 */
function completedEnding(f: RecognisedField): RecognisedField {
  const ending = (added: string, uncertain: boolean): RecognisedField => ({ ...f, value: f.value + added, uncertain, corrected: correction(f.value, 'authority-ending') });
  if (/(公安|分)$/.test(f.value)) return ending('局', f.uncertain);
  return BRANCH_CUT.test(f.value) ? ending('分局', true) : f;
}

/**
 * The authority as read (label and stray ends already gone) repaired by the rules above; `regionCode` is the
 * county-level code of an ID number that passed its checks. A reading still not ending in 局 is uncertain.
 */
export function repairedAuthority(read: RecognisedField, regionCode: string | undefined): RecognisedField {
  let f = completedEnding(read);
  const region = regionCode ? lookupRegion(regionCode) : undefined;
  const fixed = (value: string, uncertain = f.uncertain): RecognisedField => ({ ...f, value, uncertain, corrected: correction(f.value, 'region-table') });
  if (region) {
    const [, prefecture, countyName] = region;
    // A city's bureau with its city misread (湖台市公安局烟台经济技术开发区分局): the city is the number's prefecture,
    // unless what was read is itself a region's name (the holder moved since the number was given).
    // A county-level city's own bureau (邳州市公安局, the county of 徐州市) read as near its county as its prefecture
    // is the county's: left to the county repair below.
    const city = prefecture.endsWith('市') ? /^(.+?市)(公安局.*)$/.exec(f.value) : null;
    const nearer = (r: string): boolean => levenshtein(r, prefecture) < levenshtein(r, countyName);
    if (city && city[1] !== prefecture && city[1].length === prefecture.length && levenshtein(city[1], prefecture) <= Math.max(1, Math.floor(prefecture.length / 3)) && nearer(city[1]) && !isRegionName(city[1])) {
      f = fixed(prefecture + city[2]);
    }
    // A city's bureau issues cards for its districts too (淮安市公安局淮安区分局): the prefecture is no misread county.
    const county = !f.value.startsWith(prefecture) ? countyName : undefined;
    const m = /^(.*?)(公安局.*|分局.*)$/.exec(f.value);
    // What a misread label leaves in front of the county (签发机关 read as 发机美, no gap before the value) holds a
    // character of the label.
    const leftOfLabel = (head: string): boolean => head.length <= 4 && [...head].some((c) => '签发机关'.includes(c));
    if (m && county && m[1] !== county) {
      if (misreadName(m[1]!, county) || (m[1]!.endsWith(county) && leftOfLabel(m[1]!.slice(0, -county.length)))) f = fixed(county + m[2], false);
      // A county's own bureau has no branch: only 公安局 follows what is left of its name.
      else if (m[2] === '公安局' && remnantOf(m[1]!, county)) f = fixed(county + m[2], true);
    }
    // A city's bureau with the district's branch (林芝市公安局巴宜区分局): the district is the number's county.
    const branch = countyName ? new RegExp(`^(${prefecture}公安局)(.*)(分局)$`).exec(f.value) : null;
    if (branch && branch[2] !== countyName) {
      if (misreadName(branch[2]!, countyName)) f = fixed(branch[1]! + countyName + branch[3]!, false);
      else if (remnantOf(branch[2]!, countyName)) f = fixed(branch[1]! + countyName + branch[3]!, true);
    }
  }
  return f.value.endsWith('局') || f.value === '' ? f : { ...f, uncertain: true };
}
