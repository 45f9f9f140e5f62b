import { describe, expect, it } from 'vitest';
import regions from '../identity/gb2260-regions.json';
import { mulberry32 } from '../random';
import { levenshtein } from './glyphs';
import { headDistance, levenshteinWithin, matchLongRegionPrefix, matchRegionPrefix, nearestRegionPrefixes, type PrefixMatch, regionAddressPrefix } from './region-prefix';

const prefixes = Object.keys(regions).flatMap((code) => {
  const p = regionAddressPrefix(code);
  return p ? [[code, p] as const] : [];
});

/** The search as it was written before it was made faster: every prefix's full headDistance. */
function reference(address: string, maxDistance: number, minLength: number, slack: number): PrefixMatch[] {
  let best: PrefixMatch[] = [];
  for (const [code, prefix] of prefixes) {
    if (prefix.length < minLength || address.length < prefix.length - slack) continue;
    const head = address.slice(0, 3);
    if (![...prefix.slice(0, 3)].some((c) => head.includes(c))) continue;
    const { distance, length } = headDistance(address, prefix, slack);
    if (distance > maxDistance) continue;
    const top = best[0];
    if (!top || distance < top.distance || (distance === top.distance && prefix.length > top.prefix.length)) best = [{ code, prefix, distance, length }];
    else if (distance === top.distance && prefix.length === top.prefix.length && !best.some((b) => b.prefix === prefix)) best.push({ code, prefix, distance, length });
  }
  return best;
}

/** Addresses as a recogniser gives them: a real prefix with characters misread, lost or added, and a street. */
function addresses(n: number, seed: number): string[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const noise = [...'省市区县镇乡村路街道号幢室东西南北中新民胜利人和平安阳江山河州自治族'];
  return Array.from({ length: n }, () => {
    const chars = [...pick(prefixes)[1]];
    for (let k = Math.floor(rnd() * 4); k > 0; k--) {
      const at = Math.floor(rnd() * chars.length);
      const r = rnd();
      if (r < 0.4) chars[at] = pick(noise);
      else if (r < 0.7) chars.splice(at, 1);
      else chars.splice(at, 0, pick(noise));
    }
    return chars.join('') + pick(['胜利路12号', '人民街道3幢201室', '', '东', '新村']);
  });
}

describe('region prefix search', () => {
  it('levenshteinWithin gives the distance up to its bound and something above it beyond', () => {
    const rnd = mulberry32(7);
    const word = () => Array.from({ length: Math.floor(rnd() * 8) }, () => '省市区县东西'[Math.floor(rnd() * 6)]!);
    for (let i = 0; i < 2000; i++) {
      const [a, b, max] = [word(), word(), Math.floor(rnd() * 4)];
      const d = levenshtein(a.join(''), b.join(''));
      const w = levenshteinWithin(a, b, max);
      if (d <= max) expect(w).toBe(d);
      else expect(w).toBeGreaterThan(max);
    }
  });

  it('finds exactly what the full search finds, on addresses misread every way', () => {
    for (const address of addresses(40, 285_001)) {
      expect(nearestRegionPrefixes(address, 1)).toEqual(reference(address, 1, 4, 1));
      expect(nearestRegionPrefixes(address, 2)).toEqual(reference(address, 2, 4, 1));
      const one = reference(address, 1, 4, 1);
      expect(matchRegionPrefix(address, 1)).toEqual(one.length === 1 ? one[0] : undefined);
      const long = reference(address, 2, 12, 2);
      expect(matchLongRegionPrefix(address)).toEqual(long.length === 1 ? long[0] : undefined);
      // Asked again (extraction does), the same answer.
      expect(nearestRegionPrefixes(address, 1)).toEqual(one);
    }
    // The full search it is checked against takes ~0.1 s per address on a quiet machine.
  }, 300_000);

  it('reads an address that starts with a prefix as written', () => {
    expect(matchRegionPrefix('山东省枣庄市台儿庄区胜利街329号', 1)).toMatchObject({ prefix: '山东省枣庄市台儿庄区', distance: 0 });
    expect(matchRegionPrefix('山东省枣庄市台儿压区胜利街329号', 1)).toMatchObject({ prefix: '山东省枣庄市台儿庄区', distance: 1, length: 10 });
  });
});
