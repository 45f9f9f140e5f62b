import regions from '../identity/gb2260-regions.json';
import { levenshtein } from './glyphs';

const table = regions as unknown as Record<string, [string, string, string]>;

/**
 * How an address written under a county-level code begins: province, prefecture unless it is one of the table's
 * placeholders (市辖区, 县, 省直辖…), county.
 */
export function regionAddressPrefix(code: string): string | undefined {
  const r = table[code];
  if (!r || r[2] === '') return undefined;
  const [province, prefecture, county] = r;
  const showPrefecture = prefecture !== '' && prefecture !== '市辖区' && prefecture !== '县' && !prefecture.includes('直辖');
  return province + (showPrefecture ? prefecture : '') + county;
}

let prefixes: Array<[string, string]> | undefined;
function allPrefixes(): Array<[string, string]> {
  prefixes ??= Object.keys(table).flatMap((code) => {
    const p = regionAddressPrefix(code);
    return p ? [[code, p] as [string, string]] : [];
  });
  return prefixes;
}

export interface PrefixMatch { code: string; prefix: string; distance: number; /** characters of the address the prefix replaces */ length: number }

/** Distance between `prefix` and the best-fitting head of `address` (the head may be a character longer or shorter). */
export function headDistance(address: string, prefix: string, slack = 1): { distance: number; length: number } {
  let best = { distance: Infinity, length: prefix.length };
  for (const len of [prefix.length, ...Array.from({ length: slack }, (_, k) => [prefix.length - k - 1, prefix.length + k + 1]).flat()]) {
    if (len <= 0 || len > address.length) continue;
    const d = levenshtein(address.slice(0, len), prefix);
    if (d < best.distance) best = { distance: d, length: len };
  }
  return best;
}

/**
 * The region whose written prefix the address starts with, allowing `maxDistance` misread characters. Several
 * equally close regions mean the address cannot tell them apart, so none is returned.
 */
export function matchRegionPrefix(address: string, maxDistance = 1): PrefixMatch | undefined {
  return bestPrefix(address, maxDistance, 4, 1);
}

/**
 * Long written prefixes (an autonomous prefecture and county: 云南省怒江傈僳族自治州贡山独龙族怒族自治县) with up to
 * two characters misread or lost: the rare characters of a people's name are what a small photo loses (傈僳 of
 * 怒江傈僳族自治州), and a prefix this long is not reached from another by two characters.
 */
export function matchLongRegionPrefix(address: string): PrefixMatch | undefined {
  return bestPrefix(address, 2, LONG_PREFIX, 2);
}

const LONG_PREFIX = 12;

function bestPrefix(address: string, maxDistance: number, minLength: number, slack: number): PrefixMatch | undefined {
  const best = bestPrefixes(address, maxDistance, minLength, slack);
  return best.length === 1 ? best[0] : undefined;
}

/**
 * The regions whose written prefix the address starts with, equally near (`maxDistance` misread characters at
 * most): the nearest, and of those the longest (province+prefecture+county beats a shorter one that also fits);
 * one match per written prefix.
 */
export function nearestRegionPrefixes(address: string, maxDistance = 1): PrefixMatch[] {
  return bestPrefixes(address, maxDistance, 4, 1);
}

function bestPrefixes(address: string, maxDistance: number, minLength: number, slack: number): PrefixMatch[] {
  const key = `${maxDistance},${minLength},${slack},${address}`;
  let best = recent.get(key);
  if (!best) {
    best = searchPrefixes(address, maxDistance, minLength, slack);
    // Extraction asks about the same address several times (its own fix, then the company name's places).
    if (recent.size >= RECENT) recent.clear();
    recent.set(key, best);
  }
  return [...best];
}

/** Answers of bestPrefixes for the addresses last asked about (pure: the table never changes). */
const recent = new Map<string, PrefixMatch[]>();
const RECENT = 64;

/** A written prefix split into characters once, with the characters its head may share with an address's. */
interface SplitPrefix { code: string; prefix: string; chars: string[]; head: string[] }
let split: SplitPrefix[] | undefined;

function searchPrefixes(address: string, maxDistance: number, minLength: number, slack: number): PrefixMatch[] {
  split ??= allPrefixes().map(([code, prefix]) => ({ code, prefix, chars: [...prefix], head: [...prefix.slice(0, 3)] }));
  const addr = [...address];
  const head = address.slice(0, 3);
  const lengths = (n: number): number[] => [n, ...Array.from({ length: slack }, (_, k) => [n - k - 1, n + k + 1]).flat()];
  let best: PrefixMatch[] = [];
  for (const { code, prefix, chars, head: prefixHead } of split) {
    if (prefix.length < minLength || address.length < prefix.length - slack) continue;
    // Cheap pre-filter: with at most a couple of misread characters, the heads must share a character.
    if (!prefixHead.some((c) => head.includes(c))) continue;
    // headDistance, when only distances up to maxDistance matter: the same answer whenever the distance is at most
    // that, and a larger distance otherwise. Most of the table's prefixes share only 省/市 with the address, and
    // their comparison stops a few characters in.
    let distance = Infinity, length = prefix.length;
    for (const len of lengths(prefix.length)) {
      // Lengths are in UTF-16 units as in headDistance (address.slice); the comparison is by characters.
      if (len <= 0 || len > address.length) continue;
      const d = levenshteinWithin(headOf(addr, len), chars, maxDistance);
      if (d < distance) [distance, length] = [d, len];
    }
    if (distance > maxDistance) continue;
    const top = best[0];
    if (!top || distance < top.distance || (distance === top.distance && prefix.length > top.prefix.length)) best = [{ code, prefix, distance, length }];
    else if (distance === top.distance && prefix.length === top.prefix.length && !best.some((b) => b.prefix === prefix)) best.push({ code, prefix, distance, length });
  }
  return best;
}

/** The characters of the address's first `units` UTF-16 units, as `[...address.slice(0, units)]` gives them. */
function headOf(chars: readonly string[], units: number): string[] {
  if (chars.length === units) return chars as string[];
  const out: string[] = [];
  let n = 0;
  for (const c of chars) {
    if (n + c.length > units) {
      // A surrogate pair cut in half by the slice: its lone first half.
      if (n < units) out.push(c.slice(0, units - n));
      break;
    }
    out.push(c);
    n += c.length;
  }
  return out;
}

// Two rows of the distance table, reused: the search compares thousands of prefixes per address.
let rowA = new Int32Array(64), rowB = new Int32Array(64);

/** Levenshtein distance of two character lists when it is at most `max`; some value above `max` otherwise. */
export function levenshteinWithin(a: readonly string[], b: readonly string[], max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rowA.length <= b.length) [rowA, rowB] = [new Int32Array(2 * b.length + 2), new Int32Array(2 * b.length + 2)];
  let prev = rowA, cur = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ai = a[i - 1];
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === b[j - 1] ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // Every later row is at least this row's least value.
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

let provinces: string[] | undefined;

/**
 * Whether the text begins with a province's full name (山西省, 内蒙古自治区, 北京市…), one character of a name of four
 * or more misread: how every address on a licence begins, and no company name does.
 */
export function startsWithProvince(s: string): boolean {
  provinces ??= [...new Set(Object.values(table).map((r) => r[0]).filter((p) => p.length >= 3))];
  return provinces.some((p) => s.length >= p.length && levenshtein(s.slice(0, p.length), p) <= (p.length >= 4 ? 1 : 0));
}

/**
 * The prefecture and county an address lies in, by their short names (昌都地区 → 昌都, 宝坻区 → 宝坻): a business is
 * very often named after its place, so these are what its name most likely begins with.
 */
export function regionPlaces(address: string): string[] {
  const m = matchRegionPrefix(address, 1);
  if (!m) return [];
  const [, prefecture, county] = table[m.code]!;
  // An autonomous prefecture or county is named by its place and peoples (务川仡佬族苗族自治县 → 务川仡佬族苗族).
  return [prefecture, county].map((n) => n.replace(/(自治州|自治县|自治旗|地区|[市区县旗盟])$/, '')).filter((n) => n.length >= 2 && m.prefix.includes(n));
}

let counties: Set<string> | undefined;

/** Whether the name is a county-level region's in the table (侯马市, 尧都区, 景谷傣族彝族自治县). */
export function isCountyName(name: string): boolean {
  counties ??= new Set(Object.values(table).map((r) => r[2]).filter((c) => c !== ''));
  return counties.has(name);
}

let regionNames: Set<string> | undefined;

/** Whether the name is a prefecture-level or county-level region's in the table (烟台市, 侯马市, 尧都区). */
export function isRegionName(name: string): boolean {
  regionNames ??= new Set(Object.values(table).flatMap((r) => [r[1], r[2]]).filter((c) => c !== ''));
  return regionNames.has(name);
}
