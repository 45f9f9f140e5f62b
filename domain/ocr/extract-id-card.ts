import { validateResidentId } from '../identity/resident-id';
import { type CharPrior, DOUBTFUL_SHARE, givenNamePrior, inGb2312, placeNamePrior, weighedReading } from './char-prior';
import { SURNAME_LOOKALIKES } from './confusables';
import { ETHNICITIES } from './ethnicities';
import { COMMON_SURNAMES, COMPOUND_SURNAMES, surnamePrior } from './surnames';
import { closeRunnerUp, dropNoise, type Glyph, isDigit, isCjk, labelScore, levenshtein, minConf, pageGlyphLines, stripLabel, text, trimWeakEnds, unreadBeside, unreadBetween, withinSet } from './glyphs';
import { findIdRun, readIdNumber } from './id-number';
import { repairedAuthority } from './issuing-authority';
import { correction } from './messages';
import { headDistance, matchRegionPrefix, regionAddressPrefix } from './region-prefix';
import type { IdCardFieldName, OcrPage, RecognisedField } from './types';
import { issueDateFor, periodAllowed, repairPeriod } from './validity-period';

/**
 * A character at either end of a name, address or authority weaker than this is taken for a stray mark and
 * dropped. PP-OCR reads few marks; a real character it is unsure of (曾曦 read 曾威 at 33, the 室 closing an
 * address at 26) is worth more kept than dropped: it is flagged uncertain for the teller either way.
 */
const WEAK_END = 20;
/** Below this a value nobody confirmed is flagged for the teller. */
export const UNCERTAIN_BELOW = 75;

export type IdCardFields = Record<IdCardFieldName, RecognisedField>;

const missing = (): RecognisedField => ({ value: '', confidence: 0, uncertain: true });

function field(glyphs: readonly Glyph[], value = text(glyphs)): RecognisedField {
  const confidence = minConf(glyphs);
  return { value, confidence, uncertain: value === '' || confidence < UNCERTAIN_BELOW };
}

const cjkOnly = (gs: readonly Glyph[]): Glyph[] => gs.filter((g) => isCjk(g.ch));

/** The picture was cropped to a card (ISO/IEC 7810 ID-1 is 85.6 × 54 mm), so positions on it mean something. */
function isCardCrop(page: OcrPage): boolean {
  if (page.croppedToCard !== undefined) return page.croppedToCard;
  const r = page.width / page.height;
  return r > 1.45 && r < 1.75;
}

/** Glyphs right of the label column, noise dropped unless `keepMarks` (a name's 一 may be read as a dash). */
function valueColumn(line: readonly Glyph[], labelEnd: number, keepMarks = false): Glyph[] {
  const value = line.filter((g) => (g.x0 + g.x1) / 2 >= labelEnd);
  return keepMarks ? value : dropNoise(value);
}

const FRONT_LABELS = ['姓名', '性别', '民族', '出生', '住址', '公民身份号码'] as const;

export interface FrontLines { name?: Glyph[]; sex?: Glyph[]; birth?: Glyph[]; address: Glyph[][]; number?: Glyph[]; numberRun: Glyph[] }

/**
 * Finds each row of the card front. The ID number anchors the bottom; the other rows are recognised by their
 * label and, where the label was misread, by their content and their order on the card.
 */
export function frontLines(page: OcrPage): FrontLines {
  const lines = pageGlyphLines(page);
  const card = isCardCrop(page);
  let numberIdx = -1;
  let numberRun: Glyph[] = [];
  lines.forEach((l, i) => {
    const run = findIdRun(l);
    if (run.length >= 15 && (run.length > numberRun.length || labelScore(l, '公民身份号码') > 0.5)) {
      numberIdx = i;
      numberRun = run;
    }
  });
  // On a card cropped to its edges the layout is fixed by the standard: labels end before 17.5% of the width and
  // nothing but the photo lies right of 66%, so those glyphs can go whatever the recogniser made of them.
  const above = (numberIdx >= 0 ? lines.slice(0, numberIdx) : lines)
    .map((l) => (card ? l.filter((g) => (g.x0 + g.x1) / 2 < 0.66 * page.width) : l))
    .filter((l) => l.length > 0);
  const strip = (l: Glyph[], label: string): Glyph[] => (card ? valueColumn(l, 0.175 * page.width, label === '姓名') : stripLabel(l, label));
  const kind = (l: Glyph[]): string | undefined => {
    const t = text(l);
    let best: string | undefined;
    let score = 0.5;
    for (const label of FRONT_LABELS) {
      const s = labelScore(l, label);
      if (s > score) [best, score] = [label, s];
    }
    if (best === '民族') best = '性别';
    if (!best && /[男女]/.test(t) && t.length <= 10) best = '性别';
    if ((!best || best === '出生') && /\d{4}\D{0,3}\d{1,2}\D{0,3}\d{1,2}/.test(t.replace(/\s/g, ''))) best = '出生';
    return best;
  };
  const out: FrontLines = { address: [], numberRun, number: numberIdx >= 0 ? lines[numberIdx] : undefined };
  let inAddress = false;
  let nameRow: Glyph[] | undefined;
  above.forEach((l) => {
    const k = kind(l);
    if (k === '住址') {
      inAddress = true;
      out.address.push(strip(l, '住址'));
      return;
    }
    if (inAddress && (!k || k === '公民身份号码')) {
      out.address.push(dropNoise(l));
      return;
    }
    inAddress = false;
    if (k === '姓名' && !out.name) [out.name, nameRow] = [strip(l, '姓名'), l];
    else if (k === '性别' && !out.sex) out.sex = l;
    else if (k === '出生' && !out.birth) out.birth = l;
  });
  // The front's rows are always name, sex and ethnicity, birth: with its pale labels lost and the sex misread
  // (男 as 万), the row just above the birth row is still the sex row, and the one above that the name.
  const birthIdx = out.birth ? above.indexOf(out.birth) : -1;
  if (!out.sex && birthIdx > 0 && above[birthIdx - 1] !== nameRow) out.sex = above[birthIdx - 1];
  if (!out.name) {
    // The row above the sex row is the name, whatever became of its label.
    const sexIdx = out.sex ? above.indexOf(out.sex) : -1;
    if (sexIdx > 0) out.name = strip(above[sexIdx - 1]!, '姓名');
  }
  if (out.address.length === 0 && out.birth) {
    const start = above.indexOf(out.birth) + 1;
    for (let i = start; i < above.length; i++) out.address.push(strip(above[i]!, '住址'));
  }
  return out;
}

function birthDigits(line: Glyph[] | undefined): { digits?: string; glyphs: Glyph[] } {
  if (!line) return { glyphs: [] };
  const t = text(line).replace(/\s/g, '');
  const m = /(\d{4})\D{0,3}(\d{1,2})\D{0,3}(\d{1,2})/.exec(t);
  if (!m) return { glyphs: [] };
  const digits = `${m[1]}${m[2]!.padStart(2, '0')}${m[3]!.padStart(2, '0')}`;
  return { digits, glyphs: line.filter((g) => /\d/.test(g.ch)) };
}

const isoFromDigits = (d: string): string => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;

/**
 * The listed ethnicity the recogniser ranked most probable, character by character, among its first choices and
 * runners-up (侗 runner-up to 词), when one of the same length can be spelled from them. Its confidence is its
 * share of all listed names so spelled and of what the recogniser left unlisted.
 */
function listedAmongRunnersUp(glyphs: readonly Glyph[]): RecognisedField | undefined {
  const probOf = (g: Glyph, ch: string): number => (g.ch === ch ? g.conf : g.alts?.find((a) => a.ch === ch)?.conf ?? 0) / 100;
  const spelled = ETHNICITIES.filter((e) => [...e].length === glyphs.length)
    .map((e) => ({ e, p: [...e].reduce((p, ch, i) => p * probOf(glyphs[i]!, ch), 1) }))
    .filter((x) => x.p > 0)
    .sort((a, b) => b.p - a.p);
  if (spelled.length === 0) return undefined;
  // What the recogniser gave to characters it did not list may spell another name: counted against the best.
  const unseen = 1 - glyphs.reduce((q, g) => q * (1 - Math.max(0, 100 - g.conf - (g.alts ?? []).reduce((s, a) => s + a.conf, 0)) / 100), 1);
  const confidence = Math.round((100 * spelled[0]!.p) / (spelled.reduce((s, x) => s + x.p, 0) + unseen));
  return { value: spelled[0]!.e, confidence, uncertain: confidence < UNCERTAIN_BELOW };
}

function readSexAndEthnicity(line: Glyph[] | undefined): { sex: RecognisedField; ethnicity: RecognisedField } {
  if (!line) return { sex: missing(), ethnicity: missing() };
  const body = dropNoise(line);
  const sexIdx = body.findIndex((g) => g.ch === '男' || g.ch === '女');
  const sex = sexIdx >= 0 ? field([body[sexIdx]!]) : missing();
  const zu = body.findIndex((g) => g.ch === '族');
  const after = cjkOnly(body.slice(zu >= 0 ? zu + 1 : sexIdx + 1)).filter((g) => g.ch !== '民' && g.ch !== '族');
  const read = after.length ? field(after) : missing();
  // What is left of a misread 民族 label may stand in front of the name (民旗 景颜): looked past, one character
  // at a time, when the whole does not make a listed name.
  for (let skip = 0; skip <= Math.min(2, after.length - 1); skip++) {
    const listed = listedEthnicity(after.slice(skip), skip > 0);
    if (listed) return { sex, ethnicity: listed.value === read.value ? { ...read, uncertain: listed.uncertain } : { ...listed, corrected: correction(read.value, 'ethnicity-list') } };
  }
  return { sex, ethnicity: read.value ? { ...read, uncertain: true } : read };
}

/**
 * The listed ethnicity the glyphs spell: as read, with a stray mark before or after it ("志土家", "土家人"), from
 * the runners-up (see listedAmongRunnersUp) or, unless `strict`, one listed name a misread character away.
 */
function listedEthnicity(glyphs: readonly Glyph[], strict: boolean): RecognisedField | undefined {
  const f = field([...glyphs]);
  if ((ETHNICITIES as readonly string[]).includes(f.value)) return f;
  const listed = ETHNICITIES.filter((e) => f.value.startsWith(e) || f.value.endsWith(e)).sort((a, b) => b.length - a.length)[0];
  if (listed) return { value: listed, confidence: f.confidence, uncertain: f.uncertain };
  const fromRunnersUp = listedAmongRunnersUp(glyphs);
  if (fromRunnersUp) return fromRunnersUp;
  // 仫 is outside PP-OCR's character set (ppocr_keys_v1): 仫佬 comes back as 么佬 (its right half), never as itself.
  // Any other character before 佬 but 仡 says 仫佬 too, less surely — and so does 佬 alone, 仫 read as nothing.
  if (/^[^仡]?佬$/.test(f.value)) return { value: '仫佬', confidence: f.confidence, uncertain: f.uncertain || f.value[0] !== '么' };
  if (strict && glyphs.length < 2) return undefined;
  const close = ETHNICITIES.filter((e) => e.length === f.value.length && levenshtein(e, f.value) <= Math.max(1, Math.floor(e.length / 3)));
  // As sure as the characters read: a weak one (保健, 健 at 25, for 傈僳) may be any name's.
  return close.length === 1 ? { value: close[0]!, confidence: f.confidence, uncertain: f.uncertain } : undefined;
}

/** Drops a stray character read in front of a name when the character after it is a surname and it is not. */
export function dropStrayBeforeSurname(gs: Glyph[]): Glyph[] {
  if (gs.length >= 3 && gs[0]!.suspect && !gs[1]!.suspect) return gs.slice(1);
  if (gs.length >= 3 && !COMMON_SURNAMES.has(gs[0]!.ch) && !SURNAME_LOOKALIKES[gs[0]!.ch] && !COMPOUND_SURNAMES.has(gs[0]!.ch + gs[1]!.ch) && COMMON_SURNAMES.has(gs[1]!.ch)) return gs.slice(1);
  return gs;
}

/**
 * A doubtful first character of a name weighed as a surname: the recogniser's probability for it and for each
 * runner-up, times how common that surname is (surnamePrior). A first guess that is no surname gives way to the
 * best runner-up that is one (得 read where 傅 was printed, 部 for 邹); a rare surname to a common one the
 * recogniser gave nearly as much (都 44 %, 郝 29 % → 郝). A sure first character, a compound surname's first half
 * and a look-alike with its own repair (候 → 侯) stay. The field stays uncertain either way: the runner-up's
 * confidence is its share.
 */
function weighedSurname(gs: readonly Glyph[]): Glyph[] {
  const [g, next] = gs;
  if (!g || !next || g.conf >= UNCERTAIN_BELOW || SURNAME_LOOKALIKES[g.ch] || COMPOUND_SURNAMES.has(g.ch + next.ch)) return [...gs];
  const own = g.conf * surnamePrior(g.ch);
  const best = (g.alts ?? []).map((a) => ({ ch: a.ch, score: a.conf * surnamePrior(a.ch) })).sort((a, b) => b.score - a.score)[0];
  if (!best || best.score <= own) return [...gs];
  const s = withinSet(g, (ch) => ch === best.ch);
  return s ? [s, ...gs.slice(1)] : [...gs];
}

/**
 * What a misread 姓名 label leaves in front of a four-character reading (智杜敏婷): a doubtful first character that
 * is at most a rare surname, before one far more common. Four-character names are compound surnames (kept by
 * COMPOUND_SURNAMES) or rare.
 */
function dropLabelLeftover(gs: readonly Glyph[]): Glyph[] {
  const [g, next] = gs;
  if (gs.length < 4 || !g || !next || g.conf >= UNCERTAIN_BELOW || COMPOUND_SURNAMES.has(g.ch + next.ch)) return [...gs];
  return surnamePrior(next.ch) > 2 * surnamePrior(g.ch) ? gs.slice(1) : [...gs];
}

/**
 * Each character weighed by `prior` against its runners-up (see weighedReading): the glyphs as chosen, and whether
 * any was doubtful.
 */
function weighed(gs: readonly Glyph[], prior: CharPrior, share?: number): { glyphs: Glyph[]; doubtful: boolean } {
  const read = gs.map((g) => weighedReading(g, prior, undefined, share));
  return { glyphs: read.map((r) => r.glyph), doubtful: read.some((r) => r.doubtful) };
}

/**
 * A given name's look-alike leaves it doubtful closer behind than a place's (DOUBTFUL_SHARE): nothing checks a
 * name, and a teller copies it onto an account (彭凤芳 read 彭风芳, 东方娟婉 read 东方娟城, shown certain). On 120
 * tuning cards no given-name character that was read right had a runner-up between 3 % and 5 % of it (three between
 * 2 and 2.5 %).
 */
const GIVEN_NAME_DOUBTFUL_SHARE = 0.03;

/**
 * The given name's characters weighed by givenNamePrior: a traditional form (媽) or a rare character outside GB 2312
 * gives way to an everyday runner-up the recogniser gave a tenth as much, and leaves the name doubtful either way
 * (a real rare character is the teller's to confirm).
 * The surname before it is judged by the surname list: one that is none, nor the start of a compound one, is
 * doubtful too.
 */
function weighedGivenName(gs: readonly Glyph[]): { glyphs: Glyph[]; doubtful: boolean } {
  const surname = gs.length >= 3 && COMPOUND_SURNAMES.has(text(gs.slice(0, 2))) ? 2 : 1;
  const given = weighed(gs.slice(surname), givenNamePrior, GIVEN_NAME_DOUBTFUL_SHARE);
  const listed = surname === 2 || (gs[0] !== undefined && (COMMON_SURNAMES.has(gs[0].ch) || SURNAME_LOOKALIKES[gs[0].ch] !== undefined));
  const rare = given.glyphs.some((g) => !inGb2312(g.ch));
  return { glyphs: [...gs.slice(0, surname), ...given.glyphs], doubtful: given.doubtful || rare || !listed };
}

/**
 * Whether another surname stands close behind the name's first character (都 read at 89 %, 郝 at 5 %): judged as a
 * given name's look-alike is (GIVEN_NAME_DOUBTFUL_SHARE), since nothing checks a surname either.
 */
function surnameInDoubt(gs: readonly Glyph[]): boolean {
  const g = gs[0];
  return !!g && closeRunnerUp(g, (ch) => COMMON_SURNAMES.has(ch), GIVEN_NAME_DOUBTFUL_SHARE);
}

/**
 * Past a name's last character the box runs on at most 0.66 of its height on 120 tuning cards (five captures), and
 * 1.2–1.26 where a rare last character (垚, 骉, 曌) was read as nothing on development cards: a last character
 * narrower than those (another font) leaves less than the licences' measure (unreadBeside's 0.95).
 */
const NAME_UNREAD_AFTER = 0.8;

/** A mark read where a name's character stands is taken for that character when the recogniser gave it this much (0–100). */
const MARK_AS_CHARACTER = 10;

/**
 * A name's glyphs with a mark read after its first character (— for 一: 龚一 read 龚—, 一 at 14 behind — at 56 and
 * - at 26) taken as the character the recogniser ranked behind it; `marked` says whether any was.
 */
function marksReadAsCharacters(gs: readonly Glyph[]): { glyphs: Glyph[]; marked: boolean } {
  let marked = false;
  const first = gs.findIndex((g) => isCjk(g.ch));
  const glyphs = gs.map((g, i) => {
    if (first < 0 || i <= first || isCjk(g.ch)) return g;
    const asChar = withinSet(g, (ch) => isCjk(ch) && (g.alts?.find((a) => a.ch === ch)?.conf ?? 0) >= MARK_AS_CHARACTER);
    if (asChar) marked = true;
    return asChar ?? g;
  });
  return { glyphs, marked };
}

function readName(line: Glyph[] | undefined): RecognisedField {
  if (!line) return missing();
  // Whatever was read past the name's last sure character and is dropped below (a character too weak to be one, a
  // mark, a letter) may be what the recogniser made of its faint or rare last character. (What is dropped in front
  // of the name is most often what a misread label leaves.)
  const lastSure = line.findLastIndex((g) => isCjk(g.ch) && g.conf >= WEAK_END);
  const readPast = lastSure >= 0 && lastSure < line.length - 1;
  const marks = marksReadAsCharacters(trimWeakEnds(line, WEAK_END));
  const read = cjkOnly(marks.glyphs);
  const kept = dropLabelLeftover(dropStrayBeforeSurname(read));
  const { glyphs: gs, doubtful } = weighedGivenName(weighedSurname(kept));
  const f = field(gs);
  // Ink in the name's box read as nothing before its first, after its last or between two characters: a character
  // outside the recogniser's set (刘金垚 read as 刘金, 卢垚兴 as 卢兴) or lost in blur (翟宇逸 read 宇逸) leaves the
  // name short, so it is doubtful.
  const unread = gs.length > 0 && (unreadBeside(gs[0]!, 'start') || unreadBeside(gs[gs.length - 1]!, 'end', NAME_UNREAD_AFTER) || unreadBetween(gs));
  // A card's name has a surname and at least one character more: one character alone is a name cut short.
  // What was dropped in front may have been the surname itself, misread: 郭华天 read 等华天 and 宋华文 read 家华文
  // (华 is a surname too) had been shown certain as 华天 and 华文.
  const dropped = kept.length < read.length;
  if (doubtful || unread || readPast || marks.marked || dropped || gs.length === 1 || surnameInDoubt(gs)) f.uncertain = true;
  const first = f.value[0];
  if (first && SURNAME_LOOKALIKES[first]) {
    return { ...f, value: SURNAME_LOOKALIKES[first] + f.value.slice(1), corrected: correction(f.value, 'surname') };
  }
  return f;
}

/** Characters of a misread 住址 label that may be left in front of the address. */
const ADDRESS_LABEL_SKIP = 2;

/**
 * Replaces a misread address head with the region table's spelling, preferring the ID number's own region; also
 * says how many characters of the reading the region's name took (0 when no region's name was found).
 */
function correctAddress(f: RecognisedField, regionCode: string | undefined): { field: RecognisedField; head: number } {
  if (!f.value) return { field: f, head: 0 };
  const own = regionCode ? regionAddressPrefix(regionCode) : undefined;
  if (own) {
    // A misread label left in front ("注址福建省…") is looked past: the address starts within a few characters.
    // The head may be as many characters shorter as may be misread: a long autonomous prefix loses two at once
    // (云南省怒江族自治州… for 怒江傈僳族), and a head taken a character too long eats the street's first.
    const slack = Math.max(1, Math.floor(own.length / 3));
    let best = { skip: 0, ...headDistance(f.value, own, slack) };
    for (let skip = 1; skip <= ADDRESS_LABEL_SKIP; skip++) {
      const h = headDistance(f.value.slice(skip), own, slack);
      if (h.distance < best.distance) best = { skip, ...h };
    }
    const head = best.skip + best.length;
    const rest = f.value.slice(head);
    if (best.distance === 0) return { field: best.skip === 0 ? f : { ...f, value: own + rest, corrected: correction(f.value, 'region-table') }, head };
    // The number's own region, confirmed by its check character, is worth a third of its name misread — unless
    // the head reads exactly as another region (the person moved since the number was given).
    const other = matchRegionPrefix(f.value.slice(best.skip), 0);
    if (best.distance <= Math.max(1, Math.floor(own.length / 3)) && !(other && other.prefix !== own)) {
      return { field: { ...f, value: own + rest, corrected: correction(f.value, 'region-table') }, head };
    }
  }
  const m = matchRegionPrefix(f.value, 1);
  if (m && m.distance > 0) return { field: { ...f, value: m.prefix + f.value.slice(m.length), corrected: correction(f.value, 'region-table') }, head: m.length };
  return { field: f, head: m ? m.length : 0 };
}

/** Characters that give an address its structure (村, 路, 号, 镇…): judged by the numbers and words around them, not as place names. */
const ADDRESS_WORDS = new Set('号组室楼栋单元层幢弄巷队村路街道里镇乡社区');

/**
 * The address past its region's name, each place-name character weighed by placeNamePrior (黄士岭镇 → 黄土岭镇: 土
 * names 17 regions, 士 none); doubtful when a runner-up weighed close. The region's own name is the table's.
 */
function weighedPlaces(address: RecognisedField, glyphs: readonly Glyph[], head: number): RecognisedField {
  const rest = glyphs.slice(head);
  const place = (ch: string): boolean => !ADDRESS_WORDS.has(ch);
  // A place's character with a structure word close behind (长宁锁毛庄村: 锁 81, 镇 18) may be that word misread.
  const wordBehind = (g: Glyph): boolean => closeRunnerUp(g, (ch) => ADDRESS_WORDS.has(ch), DOUBTFUL_SHARE);
  const read = rest.map((g) => {
    if (!isCjk(g.ch) || !place(g.ch)) return { glyph: g, doubtful: false };
    const r = weighedReading(g, placeNamePrior, place);
    return { ...r, doubtful: r.doubtful || wordBehind(g) };
  });
  if (!read.some((r) => r.doubtful)) return address;
  const value = address.value.slice(0, address.value.length - text(rest).length) + text(read.map((r) => r.glyph));
  return { ...address, value, uncertain: true };
}

/** What follows a number in an address: 8号, 2组, 3单元, 21号楼, 2504室, 5栋, 3层, 12幢, 4弄, 7巷, 2队. */
const AFTER_NUMBER = new Set('号组室楼栋单层幢弄巷队');

/** What a number follows in an address: the village, road, street or lane it is numbered in (团结村92号, 人民路6号). */
const BEFORE_NUMBER = new Set('村路街巷弄道里');

/**
 * A doubtful character right after a number in an address that is none of AFTER_NUMBER is read as the runner-up
 * that is, when the recogniser gave it at least a quarter of the first guess's probability (2504宝 → 2504室, 室 at
 * 26 behind 宝 at 47); likewise one right before a number as a runner-up in BEFORE_NUMBER (光明付247号 → 光明村). A
 * sure one stays: other words follow numbers too (2期, 10区), and 单元, 楼 and 号 come before them.
 */
function numberedPlaces(glyphs: readonly Glyph[]): Glyph[] {
  const runnerUpIn = (g: Glyph, set: ReadonlySet<string>): Glyph => {
    const alt = g.alts?.find((a) => set.has(a.ch));
    return alt && alt.conf >= g.conf / 4 ? withinSet(g, (ch) => ch === alt.ch) ?? g : g;
  };
  return glyphs.map((g, i) => {
    if (/\d/.test(g.ch) || g.conf >= UNCERTAIN_BELOW) return g;
    if (i > 0 && /\d/.test(glyphs[i - 1]!.ch)) return AFTER_NUMBER.has(g.ch) ? g : runnerUpIn(g, AFTER_NUMBER);
    // Before a number: 光明村247号, 人民路6号 (光明付247号, 付 at 36 ahead of 村 at 25).
    const beforeNumber = i + 1 < glyphs.length && /\d/.test(glyphs[i + 1]!.ch);
    return beforeNumber && !BEFORE_NUMBER.has(g.ch) && !AFTER_NUMBER.has(g.ch) && g.ch !== '元' ? runnerUpIn(g, BEFORE_NUMBER) : g;
  });
}

/**
 * Whether a number in the address past its region's name has a digit the recogniser ranked another digit close
 * behind (a twentieth of it, DOUBTFUL_SHARE): nothing checks an address's numbers, so a look-alike (1203 read 1208)
 * would otherwise be shown certain.
 */
function doubtfulAddressDigit(glyphs: readonly Glyph[], head: number): boolean {
  return glyphs.slice(head).some((g) => isDigit(g.ch) && closeRunnerUp(g, isDigit, DOUBTFUL_SHARE));
}

function readFront(page: OcrPage, today: Date): Omit<IdCardFields, 'issuingAuthority' | 'validFrom' | 'validUntil'> {
  const rows = frontLines(page);
  const name = readName(rows.name);
  const { sex, ethnicity } = readSexAndEthnicity(rows.sex);
  const birth = birthDigits(rows.birth);
  const addressGlyphs = numberedPlaces(rows.address.flatMap((l) => trimWeakEnds(dropNoise(l), WEAK_END)));
  let address = field(addressGlyphs, text(addressGlyphs).replace(/\s+/g, ''));

  const reading = readIdNumber(rows.numberRun, {
    birthDigits: birth.digits,
    sex: sex.value === '男' || sex.value === '女' ? sex.value : undefined,
    address: address.value,
    today,
  });
  // A number that passes its check character is confirmed by it, whatever the recogniser's confidence.
  const idNumber: RecognisedField = {
    value: reading.value,
    confidence: minConf(rows.numberRun),
    uncertain: !reading.valid,
    ...(reading.correction ? { corrected: correction(reading.correction.from, reading.correction.reason) } : {}),
  };
  const info = reading.valid ? validateResidentId(reading.value, today) : undefined;

  let birthDate: RecognisedField = birth.digits ? field(birth.glyphs, isoFromDigits(birth.digits)) : missing();
  let sexField = sex;
  if (info?.ok) {
    if (birthDate.value !== info.birthDate) {
      birthDate = { value: info.birthDate, confidence: birthDate.confidence, uncertain: false, corrected: correction(birthDate.value, 'birth-date-from-id') };
    } else birthDate.uncertain = false;
    const sexFromId = info.sex === 'male' ? '男' : '女';
    if (sexField.value !== sexFromId) {
      sexField = { value: sexFromId, confidence: sexField.confidence, uncertain: false, corrected: correction(sexField.value, 'sex-from-id') };
    } else sexField.uncertain = false;
  }
  const corrected = correctAddress(address, info?.ok ? info.regionCode : undefined);
  address = weighedPlaces(corrected.field, addressGlyphs, corrected.head);
  if (doubtfulAddressDigit(addressGlyphs, corrected.head)) address = { ...address, uncertain: true };
  return { name, sex: sexField, ethnicity, birthDate, address, idNumber };
}

/**
 * The one date read on a validity row, when it is later than today: an issue date never is, so this is the expiry
 * and the issue date beside it was lost (the detector missed 有效期限 and the first date of a faint hard photo). The
 * issue date is the one at which the holder's age (`birth`, 8 digits) gives that span by law (issueDateFor); both
 * for the teller to check.
 */
function expiryAlone(date: RecognisedField, birth: string | undefined): Pick<IdCardFields, 'validFrom' | 'validUntil'> {
  const from = birth ? issueDateFor(date.value.replace(/-/g, ''), birth) : undefined;
  return {
    validFrom: from ? { value: isoFromDigits(from), confidence: date.confidence, uncertain: true, corrected: correction('', 'issue-date-from-age') } : missing(),
    validUntil: { ...date, uncertain: true },
  };
}

function readBack(page: OcrPage | undefined, regionCode: string | undefined, birth: string | undefined, today: Date): Pick<IdCardFields, 'issuingAuthority' | 'validFrom' | 'validUntil'> {
  if (!page) return { issuingAuthority: missing(), validFrom: missing(), validUntil: missing() };
  const lines = pageGlyphLines(page);
  const periodLine = lines.find((l) => labelScore(l, '有效期限') >= 0.75) ?? lines.find((l) => /\d{4}\D?\d{2}\D?\d{2}/.test(text(l)));
  // Where the label was misread beyond recognition, the authority is the row just above the validity period on
  // every card back (above it only the card's two title rows).
  const rowAbove = periodLine ? lines[lines.indexOf(periodLine) - 1] : undefined;
  const authorityLine = lines.find((l) => labelScore(l, '签发机关') >= 0.75) ??
    (rowAbove && labelScore(rowAbove, '居民身份证') < 0.6 && labelScore(rowAbove, '中华人民共和国') < 0.6 ? rowAbove : undefined);

  let issuingAuthority = missing();
  if (authorityLine) {
    const valueOf = (l: Glyph[], label: string): Glyph[] => cjkOnly(trimWeakEnds(isCardCrop(page) ? valueColumn(l, 0.31 * page.width) : stripLabel(l, label), WEAK_END));
    let gs = valueOf(authorityLine, '签发机关');
    // A long authority wrapped onto a second row (…开发区 / 分局) before the validity period: joined when only
    // then does it end as an authority does.
    const next = lines[lines.indexOf(authorityLine) + 1];
    if (next && next !== periodLine && !text(gs).endsWith('局')) {
      const joined = [...gs, ...valueOf(next, '')];
      if (text(joined).endsWith('局')) gs = joined;
    }
    issuingAuthority = repairedAuthority(field(gs), regionCode);
  }

  let validFrom = missing();
  let validUntil = missing();
  if (periodLine) {
    const body = isCardCrop(page) ? valueColumn(periodLine, 0.31 * page.width) : stripLabel(periodLine, '有效期限');
    const digitGlyphs = body.filter((g) => /\d/.test(g.ch));
    const digits = digitGlyphs.map((g) => g.ch).join('');
    const longTerm = /长期/.test(text(body)) || /[长期]/.test(text(body.slice(-3)));
    if (digits.length >= 8) validFrom = field(digitGlyphs.slice(0, 8), isoFromDigits(digits.slice(0, 8)));
    if (longTerm && digits.length < 16) validUntil = field(body.filter((g) => g.ch === '长' || g.ch === '期'), '长期');
    else if (digits.length >= 16) validUntil = field(digitGlyphs.slice(8, 16), isoFromDigits(digits.slice(8, 16)));
    else if (validFrom.value > today.toISOString().slice(0, 10)) ({ validFrom, validUntil } = expiryAlone(validFrom, birth));
    // Cards run 5, 10 or 20 years from an issue date in the past to the same day: a pair that breaks this was
    // misread; the one allowed pair a confused digit or two away is taken, otherwise the teller looks.
    if (validFrom.value && validUntil.value) {
      const plain = (f: RecognisedField): string => f.value.replace(/-/g, '');
      const [from, until] = [plain(validFrom), plain(validUntil)];
      const odds = (i: number, d: string): number | undefined => {
        const conf = digitGlyphs[i]?.alts?.find((a) => a.ch === d)?.conf;
        return conf === undefined ? undefined : conf / 100;
      };
      const repaired = repairPeriod(from, until, today, 2, odds);
      if (repaired) {
        if (repaired.from !== from) validFrom = { ...validFrom, value: isoFromDigits(repaired.from), corrected: correction(validFrom.value, 'confusable-chars') };
        if (repaired.until !== until) validUntil = { ...validUntil, value: isoFromDigits(repaired.until), corrected: correction(validUntil.value, 'confusable-chars') };
      } else if (!periodAllowed(from, until, today)) validFrom.uncertain = validUntil.uncertain = true;
    }
  }
  return { issuingAuthority, validFrom, validUntil };
}

/**
 * True when the page shows at least two front labels, an ID-number-like run and one label, or a resident ID
 * number that passes its check character (the pale blue labels are the first thing a blurred photo loses; a
 * licence's credit code or any other number passing the region, birth-date and check-character rules by chance
 * is rare enough); otherwise it is not a card front.
 */
export function looksLikeIdFront(page: OcrPage, today: Date): boolean {
  const lines = pageGlyphLines(page);
  const labels = FRONT_LABELS.filter((label) => lines.some((l) => labelScore(l, label) >= 0.99)).length;
  const runs = lines.map((l) => findIdRun(l)).filter((r) => r.length >= 15);
  const validNumber = runs.some((r) => {
    const n = readIdNumber(r, { today });
    return n.valid && (!n.correction || n.correction.reason === 'confusable-chars');
  });
  return labels >= 2 || (runs.length > 0 && labels >= 1) || validNumber;
}

export function extractIdCardFields(front: OcrPage, back: OcrPage | undefined, today: Date): IdCardFields {
  const f = readFront(front, today);
  const info = f.idNumber.uncertain ? undefined : validateResidentId(f.idNumber.value, today);
  const birth = f.birthDate.uncertain ? undefined : f.birthDate.value.replace(/-/g, '');
  return { ...f, ...readBack(back, info?.ok ? info.regionCode : undefined, birth, today) };
}
