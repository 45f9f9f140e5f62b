import { CAPITAL_LOOKALIKES } from './confusables';
import { type Glyph, isCjk, levenshtein, NOISE, text } from './glyphs';
import { startsWithProvince } from './region-prefix';

/**
 * Registered company types as printed on licences (the 企业类型 of SAMR's registration: with their parenthesised
 * investor kind, branch forms and the 其他… types); a misread type is snapped to the nearest one. The list must be
 * whole: a type missing from it would be "corrected" to its nearest listed neighbour (其他有限责任公司 → 有限责任公司).
 * No type shorter than four characters: two misread characters would make any short value one.
 */
export const COMPANY_TYPES = [
  '有限责任公司', '有限责任公司（自然人投资或控股）', '有限责任公司（自然人独资）', '有限责任公司（法人独资）', '有限责任公司（国有独资）',
  '有限责任公司（国有控股）', '有限责任公司（非自然人投资或控股的法人独资）', '有限责任公司（自然人投资或控股的法人独资）',
  '有限责任公司（外商投资）', '有限责任公司（外商投资、非独资）', '有限责任公司（外商投资企业法人独资）', '有限责任公司（外国法人独资）',
  '有限责任公司（外国自然人独资）', '有限责任公司（中外合资）', '有限责任公司（中外合作）', '有限责任公司（台港澳法人独资）',
  '有限责任公司（台港澳自然人独资）', '有限责任公司（台港澳与境内合资）', '有限责任公司（台港澳与境内合作）', '其他有限责任公司',
  '有限责任公司分公司', '有限责任公司分公司（自然人投资或控股）', '有限责任公司分公司（自然人独资）', '有限责任公司分公司（法人独资）',
  '有限责任公司分公司（国有独资）', '有限责任公司分公司（国有控股）', '其他有限责任公司分公司',
  '股份有限公司', '股份有限公司（上市）', '股份有限公司（非上市）', '股份有限公司（上市、自然人投资或控股）',
  '股份有限公司（非上市、自然人投资或控股）', '股份有限公司（上市、国有控股）', '股份有限公司（非上市、国有控股）',
  '股份有限公司（外商投资、上市）', '股份有限公司（外商投资、未上市）', '股份有限公司（中外合资、未上市）', '其他股份有限公司（上市）',
  '其他股份有限公司（非上市）', '股份有限公司分公司', '股份有限公司分公司（上市）', '股份有限公司分公司（非上市）',
  '股份有限公司分公司（上市、自然人投资或控股）', '股份有限公司分公司（非上市、自然人投资或控股）', '股份有限公司分公司（国有控股）',
  '其他股份有限公司分公司（非上市）', '个人独资企业', '个人独资企业分支机构', '合伙企业', '普通合伙企业', '特殊普通合伙企业',
  '有限合伙企业', '合伙企业分支机构', '个体工商户', '农民专业合作社', '农民专业合作社分支机构', '农民专业合作社联合社',
  '全民所有制', '集体所有制', '股份合作制', '全民所有制分支机构（非法人）', '集体分支机构（非法人）',
  '非公司私营企业', '外商投资企业分公司', '外国（地区）企业在中国境内从事生产经营活动',
];

/** The registered type a reading is, or is one or two misread characters away from (and nearer than to any other). */
export function nearestCompanyType(value: string): string | undefined {
  if (COMPANY_TYPES.includes(value)) return value;
  const [best, second] = COMPANY_TYPES.map((t) => [t, levenshtein(t, value)] as const).sort((a, b) => a[1] - b[1]);
  return best && best[1] <= Math.max(2, Math.floor(best[0].length / 5)) && (!second || second[1] > best[1]) ? best[0] : undefined;
}

/**
 * Whether a reading taken for `type` may as well be another registered type one character from it (股份有限公司（上市）
 * and （非上市）): a character lost or misread decides between them, so a reading put right to one of them, or a
 * `weak` one read as one of them, is not sure of which. Brackets and 、 are left out: the recogniser drops a 、 often,
 * and that changes no type.
 */
export function typeInDoubt(value: string, type: string, weak: boolean): boolean {
  const bare = (t: string): string => t.replace(/[（）、]/g, '');
  if (bare(value) === bare(type) && !weak) return false;
  return COMPANY_TYPES.some((t) => t !== type && levenshtein(bare(t), bare(type)) <= 1);
}

/** A type's characters: CJK, its brackets and the 、 between investor kinds (股份有限公司（非上市、自然人投资或控股）). */
export const isTypeChar = (g: Glyph): boolean => isCjk(g.ch) || /[()（）、,，]/.test(g.ch);
export const companyTypeText = (gs: readonly Glyph[]): string => text(gs.filter(isTypeChar)).replace(/\(/g, '（').replace(/\)/g, '）').replace(/[,，]/g, '、');

/** The registered capital: upper-case numerals (or digits), 万, 元. */
export const CAPITAL_AMOUNT = /(人民币)?[零壹贰叁肆伍陆柒捌玖拾佰仟万亿\d.]+万?元(整|人民币)?/;

/** How a business's name ends: its legal form or the kind of place it is. */
const NAME_ENDINGS = /(公司|合作社|联合社|企业|厂|店|行|部|中心|工作室|超市|农场|牧场|场|馆|所|社|站|园)[）)]?$/;

/** Whether a business's name has come to its end (its legal form or kind of place), rather than wrapping on. */
export const nameEnded = (gs: readonly Glyph[]): boolean => NAME_ENDINGS.test(companyTypeText(gs));

/**
 * A row's pieces, split where the gap is wider than 1.5 line heights (label, value, the other column's label…) and
 * at the labels found in it (`isLabel`, by the glyph's index in the row), which are left out: a value whose own
 * label was lost can run into the other column's label with no gap (有限责任公司（自然人投资或控股成立日期…).
 */
export function segments(line: readonly Glyph[], h: number, isLabel: (index: number) => boolean = () => false): Glyph[][] {
  const out: Glyph[][] = [];
  let cur: Glyph[] = [];
  const flush = (): void => {
    if (cur.length > 0) out.push(cur);
    cur = [];
  };
  line.forEach((g, i) => {
    if (isLabel(i)) return flush();
    if (NOISE.has(g.ch)) return;
    if (cur.length > 0 && g.x0 - cur[cur.length - 1]!.x1 > 1.5 * h) flush();
    cur.push(g);
  });
  flush();
  return out;
}

export interface Unlabelled { line: number; glyphs: Glyph[] }

/**
 * Where an address starts in a piece of a row: at its province, up to two characters in. Before it may stand its
 * spaced label misread past recognition and run into it (住 所 read 理新 before 内蒙古自治区…).
 */
const provinceAt = (t: string): number | undefined => [0, 1, 2].find((k) => startsWithProvince(t.slice(k)));

/**
 * Values whose labels a shaken or small photo lost (the spaced-out two-character labels 名 称, 类 型, 住 所 go
 * first), found by what they say: the name ends in a business's form and is not itself a type, the type is one of
 * the registered types, the capital is an amount in 元, the address begins with a province's full name. Each is the
 * topmost such piece of the page; what is read by its label is always preferred to these. `isLabel`: the glyphs of
 * labels found in a row (see segments).
 */
export function unlabelledValues(lines: readonly Glyph[][], h: number, isLabel: (line: number, index: number) => boolean = () => false): Partial<Record<'companyName' | 'companyType' | 'registeredCapital' | 'address', Unlabelled>> {
  const found: ReturnType<typeof unlabelledValues> = {};
  lines.forEach((line, i) => {
    for (const seg of segments(line, h, (k) => isLabel(i, k))) {
      const t = text(seg);
      const cjk = companyTypeText(seg);
      if (!found.companyType && nearestCompanyType(cjk)) found.companyType = { line: i, glyphs: seg };
      else if (!found.companyName && cjk.length >= 5 && NAME_ENDINGS.test(cjk) && !startsWithProvince(cjk) && levenshtein(cjk.replace(/（.*$/, ''), '有限责任公司') > 2) found.companyName = { line: i, glyphs: seg };
      else if (!found.registeredCapital && CAPITAL_AMOUNT.test([...t].map((c) => CAPITAL_LOOKALIKES[c] ?? c).join(''))) found.registeredCapital = { line: i, glyphs: seg };
      else if (!found.address) {
        const at = provinceAt(t);
        if (at !== undefined) found.address = { line: i, glyphs: seg.slice(at) };
      }
    }
  });
  return found;
}

const DIGIT = '[壹贰叁肆伍陆柒捌玖]';
/** Up to four places (仟, 佰, 拾, units), each a numeral with its unit, a 零 standing for the places skipped between. */
const PLACES = `(?:${DIGIT}仟)?(?:零?${DIGIT}佰)?(?:零?${DIGIT}拾)?(?:零?${DIGIT})?`;
const WELL_MADE = new RegExp(`^(人民币)?(?!零)(?:(?=${DIGIT})${PLACES}亿)?(?:零?(?=${DIGIT})${PLACES}万)?(?:零?(?=${DIGIT})${PLACES})?元(整|人民币)?$`);

/**
 * Whether an amount is written as upper-case amounts are (壹仟零伍拾万元, 捌拾捌万元整) or in digits (100万元): each
 * numeral followed by its place, the places falling, 拾 with its numeral (壹拾, never 拾 alone on a licence or a
 * cheque). A numeral lost or doubled (拾捌万元 of 捌拾捌万元, 捌捌万元) leaves an amount no one writes.
 */
export function wellMadeAmount(amount: string): boolean {
  if (/^(人民币)?\d+(\.\d+)?万?元(整|人民币)?$/.test(amount)) return true;
  return /[壹贰叁肆伍陆柒捌玖]/.test(amount) && WELL_MADE.test(amount);
}
