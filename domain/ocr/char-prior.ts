import regions from '../identity/gb2260-regions.json';
import { type Glyph, isCjk, withinSet } from './glyphs';

/**
 * How much more likely than the recogniser's own ranking a character is in one kind of field, before the picture
 * is looked at: measured from lists, never a list of fixes. A field's reading weighs each character's probability
 * by it, so that of two look-alikes the recogniser ranked close (士 60, 土 20 in a town's name) the one far commoner
 * in that field wins, and a look-alike it was nearly as sure of makes the field doubtful for the teller.
 */
export type CharPrior = (ch: string) => number;

const table = regions as unknown as Record<string, [string, string, string]>;

/** What every region name of its rank ends with, and so tells nothing of the place's own name: 自治州, 县, 旗… */
const ADMINISTRATIVE_ENDING = /(自治州|自治县|自治旗|自治区|特别行政区|地区|林区|矿区|新区|盟|市|县|区|旗|省)$/;

let placeCounts: Map<string, number> | undefined;

/**
 * In how many of the region table's distinct place names (provinces, prefectures, counties: 3,600) a character
 * stands, their administrative endings left out. Towns and villages are named from the same stock (黄土岭, 土城, 乌
 * 兰…): 土 stands in 17 of them, its look-alike 士 in none; 河 in 94, 何 in none.
 */
function placeCount(ch: string): number {
  if (!placeCounts) {
    placeCounts = new Map();
    const names = new Set(Object.values(table).flat().filter((n) => n !== '' && n !== '县' && !/市辖区|直辖/.test(n)));
    // 族 of the peoples an autonomous region is named for (彝族, 土家族) is no part of a town's name; their names are.
    for (const n of names) for (const c of new Set(n.replace(ADMINISTRATIVE_ENDING, '').replace(/族/g, ''))) placeCounts.set(c, (placeCounts.get(c) ?? 0) + 1);
  }
  return placeCounts.get(ch) ?? 0;
}

/**
 * Place-name characters, by the square root of how many regions they name (one more, so that one naming none still
 * counts): a town's own rare character (峪 names one region, 岭 15) must not be swept away by a weak look-alike. Measured
 * on development cards: linear counts took 曹峪村 for 曹岭村 on a blurred photo.
 */
export const placeNamePrior: CharPrior = (ch) => Math.sqrt(placeCount(ch) + 1);

let gb2312: Set<string> | undefined;

/**
 * Whether the character is one of GB 2312's 6,763 hanzi: the simplified characters of everyday writing, chosen by
 * frequency of use. A character outside it in a name is a rare one (垚, 玥) or a traditional form (媽 for 妈) —
 * and a card prints names in simplified characters, so the latter is a misreading.
 */
export function inGb2312(ch: string): boolean {
  if (!gb2312) {
    gb2312 = new Set();
    const gbk = new TextDecoder('gbk');
    // Rows 16–87 (lead bytes B0–F7) hold the hanzi; the last five cells of row 55 are empty in GB 2312.
    for (let lead = 0xb0; lead <= 0xf7; lead++) {
      for (let trail = 0xa1; trail <= 0xfe; trail++) {
        if (lead === 0xd7 && trail >= 0xfa) continue;
        const ch = gbk.decode(new Uint8Array([lead, trail]));
        if (isCjk(ch)) gb2312.add(ch);
      }
    }
  }
  return gb2312.has(ch);
}

/** A given name's characters: the everyday simplified ones ten times likelier than one outside GB 2312. */
export const givenNamePrior: CharPrior = (ch) => (inGb2312(ch) ? 1 : 0.1);

/**
 * A runner-up weighed this close to the first reading (a twentieth of it) leaves the character doubtful: a
 * look-alike the recogniser gave that much of its belief is one a clean scan misreads now and then (新兴村 read 新头村,
 * 头 92 兴 8, on a development photo).
 */
export const DOUBTFUL_SHARE = 0.05;

/**
 * The character the prior and the recogniser together make likeliest among its first reading and ideograph
 * runners-up, and whether it is doubtful: another was weighed at least a twentieth as likely, or the first reading
 * was passed over. `eligible` says which characters may be chosen at all (a field's structure words are not the
 * prior's to judge).
 */
export function weighedReading(g: Glyph, prior: CharPrior, eligible: (ch: string) => boolean = () => true, share = DOUBTFUL_SHARE): { glyph: Glyph; doubtful: boolean } {
  const own = g.conf * prior(g.ch);
  const best = (g.alts ?? [])
    .filter((a) => isCjk(a.ch) && eligible(a.ch))
    .map((a) => ({ ch: a.ch, score: a.conf * prior(a.ch) }))
    .sort((a, b) => b.score - a.score)[0];
  if (!best || best.score < share * own) return { glyph: g, doubtful: false };
  if (best.score <= own) return { glyph: g, doubtful: true };
  return { glyph: withinSet(g, (ch) => ch === best.ch) ?? g, doubtful: true };
}
