import { isRealDate, lookupRegion } from '../identity/resident-id';
import { usccCheckChar, validateUscc } from '../identity/uscc';
import { DOUBTFUL_SHARE, givenNamePrior, weighedReading } from './char-prior';
import { CAPITAL_LOOKALIKES, SURNAME_LOOKALIKES, USCC_LOOKALIKES } from './confusables';
import { closeRunnerUp, constrained, dropNoise, isDigit, type Glyph, isCjk, levenshtein, median, minConf, NOISE, pageGlyphLines, text, trimWeakEnds, unreadBeside, unreadBetween, withinSet } from './glyphs';
import { CAPITAL_AMOUNT, companyTypeText, isTypeChar, nameEnded, nearestCompanyType, typeInDoubt, unlabelledValues, wellMadeAmount } from './licence-content';
import { correction } from './messages';
import { matchLongRegionPrefix, matchRegionPrefix, nearestRegionPrefixes, type PrefixMatch, regionPlaces, startsWithProvince } from './region-prefix';
import { COMMON_SURNAMES, COMPOUND_SURNAMES, surnamePrior } from './surnames';
import type { LicenceFieldName, OcrPage, RecognisedField } from './types';
import { dropStrayBeforeSurname, UNCERTAIN_BELOW } from './extract-id-card';

export type LicenceFields = Record<LicenceFieldName, RecognisedField>;

const LABELS = ['统一社会信用代码', '名称', '类型', '法定代表人', '经营者', '注册资本', '成立日期', '注册日期', '营业期限', '住所', '经营场所', '经营范围', '登记机关'] as const;
type Label = (typeof LABELS)[number];

const USCC_CHARS = /[0-9A-HJ-NPQRTUWXY]/;

interface Hit { label: Label; line: number; start: number; end: number }

/**
 * What is left of 法定代表人 when a shaken photo's smear swallows its first characters into the edge of the page
 * (表人钟丽): no other label or licence text holds these.
 */
const LABEL_TAILS: ReadonlyArray<[string, Label]> = [['代表人', '法定代表人'], ['表人', '法定代表人']];

/**
 * 法定代表人 with two of its characters misread (济定代民人 on a shaken photo): three in their places, 代 and 人
 * among them. No other text on a licence comes this near it.
 */
const twoMisread = (t: string): boolean => t.length === 5 && t[2] === '代' && t[4] === '人' && [...'法定代表人'].filter((ch, k) => t[k] === ch).length >= 3;

/**
 * Labels found in a line: two-character ones must be exact, longer ones may have one character misread (法定代表人
 * two, see twoMisread).
 */
function findLabels(line: readonly Glyph[], lineNo: number): Hit[] {
  const hits: Hit[] = [];
  const clean = line.map((g, i) => ({ ch: g.ch, i })).filter((x) => !NOISE.has(x.ch) && !speck(line, x.i));
  for (let p = 0; p < clean.length; p++) {
    for (const [label, as] of [...LABELS.map((l) => [l, l] as [string, Label]), ...LABEL_TAILS]) {
      if (p + label.length > clean.length) continue;
      let same = 0;
      for (let k = 0; k < label.length; k++) if (clean[p + k]!.ch === label[k]) same++;
      const need = label.length <= 3 ? label.length : label.length - 1;
      if ((same >= need && (clean[p]!.ch === label[0] || clean[p + 1]!.ch === label[1])) || (label === '法定代表人' && twoMisread(clean.slice(p, p + 5).map((c) => c.ch).join('')))) {
        hits.push({ label: as, line: lineNo, start: clean[p]!.i, end: clean[p + label.length - 1]!.i + 1 });
        p += label.length - 1;
        break;
      }
    }
  }
  // A two-character label spaced out to four (名, two ideographic spaces, 称) can lose one character to the detector. Standing alone,
  // well clear of what comes before it and set apart from its value, one of its characters still marks its field.
  clean.forEach((c, p) => {
    const label = SPACED_LABELS.find((l) => l.includes(c.ch));
    if (!label || hits.some((h) => c.i >= h.start && c.i < h.end)) return;
    const g = line[c.i]!;
    const w = g.x1 - g.x0;
    const before = clean[p - 1];
    const after = clean[p + 1];
    if (!after || line[after.i]!.x0 - g.x1 <= 0.5 * w) return;
    if (!before || g.x0 - line[before.i]!.x1 > 1.5 * w) hits.push({ label, line: lineNo, start: c.i, end: c.i + 1 });
    // Its first character misread at the row's head (类 型 read 美 型, 住 所 read 往所): the two are the label.
    else if (p === 1 && c.ch === label[1] && isCjk(before.ch)) hits.push({ label, line: lineNo, start: before.i, end: c.i + 1 });
  });
  return hits.sort((x, y) => x.start - y.start);
}

const SPACED_LABELS: Label[] = ['名称', '类型', '住所'];

/**
 * A speck between characters, not a character: no ideograph, read weakly and under three quarters of the height of
 * the characters on either side (a faint mark the detector boxed on its own in a spaced label's gap, 住 1 所, read
 * as a 1 at 44 %). Labels are found past it.
 */
function speck(line: readonly Glyph[], i: number): boolean {
  const g = line[i]!;
  const [before, after] = [line[i - 1], line[i + 1]];
  if (isCjk(g.ch) || g.conf >= 50 || !before || !after) return false;
  return g.y1 - g.y0 < 0.75 * Math.min(before.y1 - before.y0, after.y1 - after.y0);
}

/**
 * The field with its weakest character's confidence, uncertain below UNCERTAIN_BELOW. Judged before the confidence
 * is rounded for display: a character read at 74.6 % is shown as 75 and is still below the line.
 */
function uncertainIfWeak(glyphs: readonly Glyph[], value: string): RecognisedField {
  const weakest = glyphs.length === 0 ? 0 : Math.min(...glyphs.map((g) => g.conf));
  return { value, confidence: minConf(glyphs), uncertain: value === '' || weakest < UNCERTAIN_BELOW };
}
const missing = (): RecognisedField => ({ value: '', confidence: 0, uncertain: true });

const USCC_CONFUSIONS: Record<string, string> = {
  '0': 'D86Q9', '8': 'B036', '1': '7T', '6': 'G580', '5': '6', '2': '7', '3': '8', '7': '12T', '9': '0', B: '8', D: '0', G: '6', Q: '0', T: '17', U: 'W', W: 'U',
};
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714: the organisation code inside a USCC (its 9th–17th characters) carries its own check character. */
export function orgCodeCheckChar(first8: string): string {
  const sum = [...first8].reduce((s, ch, i) => s + parseInt(ch, 36) * ORG_WEIGHTS[i]!, 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

const orgCodeValid = (code: string): boolean => code[8] === orgCodeCheckChar(code.slice(0, 8));

/** Repairs one misread character of a USCC when exactly one substitution satisfies the check character. */
function readUscc(run: readonly Glyph[]): RecognisedField {
  if (run.length === 0) return missing();
  // A speck inside the code makes the run 19 long: drop the one character whose removal leaves a valid code.
  let glyphs = run.slice(0, 18);
  if (run.length === 19) {
    const ok = run.map((_, i) => [...run.slice(0, i), ...run.slice(i + 1)]).filter((g) => {
      const v = validateUscc([...text(g).toUpperCase()].map((c) => USCC_LOOKALIKES[c] ?? c).join(''));
      return v.ok && v.warnings.length === 0;
    });
    glyphs = ok.length >= 1 ? ok[0]! : run.slice(0, 18);
  }
  const raw = text(glyphs);
  let value = [...raw.toUpperCase()].map((c) => USCC_LOOKALIKES[c] ?? c).join('');
  const f = uncertainIfWeak(glyphs, value);
  if (value !== raw) f.corrected = correction(raw, 'confusable-chars');
  const v = validateUscc(value);
  if (v.ok && v.warnings.length === 0) return { ...f, uncertain: false };
  if (value.length !== 18) return { ...f, uncertain: true };
  // Up to two misread characters, each along a known confusion, such that the check character, the embedded
  // organisation code's own check (GB 11714) and the region code all hold: together they leave one reading.
  const swaps: Array<[number, string]> = [];
  // Only characters the recogniser itself was unsure of: with several constraints and many candidates, a
  // confident character "repaired" would too often be a coincidence.
  // The recogniser's own runners-up come first, then the usual confusions.
  for (let i = 0; i < 18; i++) {
    if (glyphs[i]!.conf >= 90) continue;
    const runnersUp = (glyphs[i]!.alts ?? []).map((a) => a.ch.toUpperCase()).filter((c) => USCC_CHARS.test(c));
    for (const c of new Set([...runnersUp, ...(USCC_CONFUSIONS[value[i]!] ?? '')])) if (c !== value[i]) swaps.push([i, c]);
  }
  const apply = (subs: Array<[number, string]>): string => {
    const chars = [...value];
    for (const [i, c] of subs) chars[i] = c;
    return chars.join('');
  };
  const fits = (cand: string): boolean =>
    /^[1-9ANY][1-9]/.test(cand) &&
    /^\d{6}$/.test(cand.slice(2, 8)) && lookupRegion(cand.slice(2, 8)) !== undefined && usccCheckChar(cand.slice(0, 17)) === cand[17] && orgCodeValid(cand.slice(8, 17));
  const found = new Set<string>();
  for (const s1 of swaps) if (fits(apply([s1]))) found.add(apply([s1]));
  if (found.size === 0) {
    for (let a = 0; a < swaps.length; a++) for (let b = a + 1; b < swaps.length; b++) {
      if (swaps[a]![0] !== swaps[b]![0] && fits(apply([swaps[a]!, swaps[b]!]))) found.add(apply([swaps[a]!, swaps[b]!]));
    }
  }
  if (found.size === 1) {
    value = [...found][0]!;
    return { ...f, value, uncertain: false, corrected: correction(raw, 'uscc-check-digit') };
  }
  return { ...f, uncertain: true };
}

/** What an amount of registered capital is written with. */
const CAPITAL_CHARS = /^[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元整人民币\d.]$/;

/**
 * The registered capital; `faintStart`: a weak character before the amount was left out (see trimWeakEnds), or its
 * box holds ink before it read as nothing. Either can be the amount's lost first numeral, and what is left may still
 * be an amount (捌拾捌万元整 read 拾捌万元整), so the teller is asked to look.
 */
function readCapital(glyphs: readonly Glyph[], faintStart = false): RecognisedField {
  const gs = constrained(glyphs, (c) => CAPITAL_CHARS.test(c)).filter((g) => isCjk(g.ch) || /\d/.test(g.ch));
  const raw = text(gs);
  const mapped = [...raw].map((c) => CAPITAL_LOOKALIKES[c] ?? c).join('');
  // Marks from the neighbouring column can stick to either end; the amount itself has a fixed shape.
  const amount = CAPITAL_AMOUNT.exec(mapped);
  let fixed = amount ? amount[0] : mapped;
  // After 元 a licence prints 整, 人民币 or nothing: one more character ending the value is a misread 整.
  if (amount && fixed.endsWith('元') && amount.index + fixed.length === mapped.length - 1 && isCjk(mapped.at(-1)!)) fixed += '整';
  const f = uncertainIfWeak(gs, fixed);
  // An amount written as no one writes one (佰万元, 拾捌万元: its first numeral lost), with its start faint, or with
  // characters read before it that were not taken (its head may be among them).
  const doubtful = amount === null || amount.index > 0 || !wellMadeAmount(fixed) || faintStart || (gs.length > 0 && unreadBeside(gs[0]!, 'start'));
  // A look-alike put right is sure however weakly it was read; the amount's other characters are not.
  const weak = (amount ? gs.slice(amount.index, amount.index + amount[0].length) : gs).some((g) => !CAPITAL_LOOKALIKES[g.ch] && g.conf < UNCERTAIN_BELOW);
  if (fixed !== raw) return { ...f, corrected: correction(raw, 'capital-numerals'), uncertain: doubtful || weak };
  return doubtful ? { ...f, uncertain: true } : f;
}

function readDate(read: readonly Glyph[]): RecognisedField {
  const glyphs = constrained(read, (c) => /^[\d年月日]$/.test(c));
  const digits = glyphs.filter((g) => /\d/.test(g.ch));
  // A year of this century or the last: a stray digit in front (a label's smear read as 2: 22007年05月02日) is not
  // part of it.
  const m = /((?:19|20)\d{2})\D{0,2}(\d{1,2})\D{0,2}(\d{1,2})/.exec(text(glyphs)) ?? /(\d{4})\D{0,2}(\d{1,2})\D{0,2}(\d{1,2})/.exec(text(glyphs));
  if (!m) return missing();
  const f = uncertainIfWeak(digits, `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`);
  // A day no calendar has (2018-00-13: 09 read as 00 on a shaken photo) was misread, however surely.
  return isRealDate(Number(m[1]), Number(m[2]), Number(m[3])) ? f : { ...f, uncertain: true };
}

/** A type whose investor kind is still open: it wraps onto the next row (有限责任公司（非自然人投资或控股的 / 法人独资）). */
const bracketOpen = (gs: readonly Glyph[]): boolean => /[（(][^）)]*$/.test(text(gs));

function readType(glyphs: readonly Glyph[]): RecognisedField {
  const gs = glyphs.filter(isTypeChar);
  const value = companyTypeText(gs);
  const f = uncertainIfWeak(gs, value);
  const type = nearestCompanyType(value);
  // A registered type read as it is printed is sure however weak its characters, unless another type is one
  // character from it (see typeInDoubt).
  if (type === value) return { ...f, uncertain: typeInDoubt(value, type, f.uncertain) };
  // A reading cut short inside its bracket (its second row lost) is as near to a shorter type as to its own: the
  // nearest type is shown, but for the teller to check.
  return type ? { ...f, value: type, uncertain: bracketOpen(gs) || typeInDoubt(value, type, f.uncertain), corrected: correction(value, 'company-type-list') } : { ...f, uncertain: true };
}

const isSurname = (ch: string): boolean => COMMON_SURNAMES.has(ch);

/**
 * A name's first character as a surname: a weak first character that is no surname (nor a look-alike of one,
 * nor the start of a compound surname) is read as the recogniser's likeliest runner-up that is one (繁 read
 * where 黎 was printed, 粮 for 赖). Its confidence is that runner-up's share, so the field stays uncertain.
 */
function surnameFirst(gs: readonly Glyph[]): Glyph[] {
  const [g, next] = gs;
  if (!g || !next || COMPOUND_SURNAMES.has(g.ch + next.ch)) return [...gs];
  if (isSurname(g.ch)) return [commonerSurname(g), ...gs.slice(1)];
  if (g.conf >= UNCERTAIN_BELOW || SURNAME_LOOKALIKES[g.ch]) return [...gs];
  const s = withinSet(g, isSurname);
  return s ? [s, ...gs.slice(1)] : [...gs];
}

/** Below this confidence (0–100) a surname read may give way to a far commoner runner-up (see commonerSurname). */
const SURNAME_SURE = 90;

/**
 * A rare surname read not quite surely, where the recogniser's runner-up is a surname so much commoner that it
 * is the likelier of the two (都 read at 76 where 郝, 23, was printed): the runner-up, at its own confidence, so the
 * field stays uncertain for the teller.
 */
function commonerSurname(g: Glyph): Glyph {
  if (g.conf >= SURNAME_SURE) return g;
  const best = (g.alts ?? []).filter((a) => isSurname(a.ch)).sort((a, b) => b.conf * surnamePrior(b.ch) - a.conf * surnamePrior(a.ch))[0];
  return best && best.conf * surnamePrior(best.ch) > g.conf * surnamePrior(g.ch) ? { ...g, ch: best.ch, conf: best.conf, alts: [{ ch: g.ch, conf: g.conf }, ...(g.alts ?? []).filter((a) => a !== best)] } : g;
}

/** A commoner surname the recogniser gave at least this much (0–100) behind a rare one it read unsurely. */
const COMMONER_RUNNER_UP = 10;

/**
 * A rare surname read unsurely that stays (its commoner runner-up not likely enough to replace it, see
 * commonerSurname: 都 at 76, 郝 at 23), while that runner-up had a fair share: the teller is asked to look.
 */
const surnameInDoubt = (g: Glyph | undefined): boolean =>
  !!g && g.conf < SURNAME_SURE && isSurname(g.ch) && (g.alts ?? []).some((a) => isSurname(a.ch) && a.conf >= COMMONER_RUNNER_UP && surnamePrior(a.ch) > surnamePrior(g.ch));

/**
 * A mark the recogniser read as a dash right after a character of the name, with an ideograph as its runner-up
 * (一 read as —): that ideograph, as sure as its share of the readings a name can hold (see withinSet). Undefined
 * for any other mark.
 */
function dashAsIdeograph(gs: readonly Glyph[], i: number): Glyph | undefined {
  const g = gs[i]!;
  if (!NOISE.has(g.ch) || i === 0 || !isCjk(gs[i - 1]!.ch)) return undefined;
  return (g.alts ?? []).some((a) => isCjk(a.ch) && a.conf >= DASH_RUNNER_UP) ? withinSet(g, isCjk) : undefined;
}
const DASH_RUNNER_UP = 10;

/**
 * The legal representative's characters with weak marks trimmed from its ends, except a weak first character
 * that reads as a surname (see surnameFirst): a name has two to four characters, so losing its surname is a
 * miss the teller may not see, while a stray mark kept is only ever a weak, uncertain character.
 */
function personGlyphs(gs: readonly Glyph[]): Glyph[] {
  const cjk = gs.filter((g) => isCjk(g.ch));
  const trimmed = trimWeakEnds(cjk);
  if (cjk.length < 2 || trimmed[0] !== cjk[1]) return trimmed;
  const first = surnameFirst(cjk)[0]!;
  return isSurname(first.ch) ? [first, ...trimmed] : trimmed;
}

/**
 * A value whose box holds ink beyond its first or last character that the recogniser read as nothing: a character
 * it cannot output (骉 of 黄建骉 read as 黄建, surely) or lost in blur. The value is short by it.
 */
const unreadAtEnds = (gs: readonly Glyph[]): boolean => gs.length > 0 && (unreadBeside(gs[0]!, 'start') || unreadBeside(gs.at(-1)!, 'end'));

/**
 * A first character that is no surname, dropped as a stray before one (see dropStrayBeforeSurname), when the
 * recogniser gave a surname behind it a fair share (享 81, 郭 5 before 华文): the surname misread, not a stray. The
 * surname is put back at its share of the readings, so the name stays three characters and uncertain.
 */
function surnameNotStray(read: readonly Glyph[], kept: readonly Glyph[]): Glyph[] {
  const g = read[0];
  if (kept.length !== read.length - 1 || !g || g.suspect || !closeRunnerUp(g, isSurname, DOUBTFUL_SHARE)) return [...kept];
  const s = withinSet(g, isSurname);
  return s ? [s, ...kept] : [...kept];
}

/**
 * The given name weighed against its runners-up (see weighedReading): nothing checks a name, so a look-alike close
 * behind leaves it doubtful (孔豪云 read 孔象云, 象 81 with 豪 6, and 陆海杰 read 陆海太, 太 84 with 杰 7, were shown
 * certain), and a character outside GB 2312 gives way to an everyday runner-up (see givenNamePrior). At a twentieth,
 * not an ID card's closer 3 %: on 24 tuning photo-b licences two names read right had a runner-up at 3.1 and 4.3 %.
 */
function weighedGivenName(gs: readonly Glyph[]): { glyphs: Glyph[]; doubtful: boolean } {
  const surname = gs.length >= 3 && COMPOUND_SURNAMES.has(text(gs.slice(0, 2))) ? 2 : 1;
  const given = gs.slice(surname).map((g) => weighedReading(g, givenNamePrior, undefined, DOUBTFUL_SHARE));
  return { glyphs: [...gs.slice(0, surname), ...given.map((r) => r.glyph)], doubtful: given.some((r) => r.doubtful) };
}

/**
 * The legal representative; `cut`: a weak last character was left out (see personGlyphs), a mark or a rare
 * character the recogniser does not know (a name of three read as two), so the teller is asked to look.
 */
function readPerson(glyphs: readonly Glyph[], cut = false): RecognisedField {
  const read = surnameFirst(glyphs.filter((g) => isCjk(g.ch)));
  const named = weighedGivenName(surnameNotStray(read, dropStrayBeforeSurname(read)));
  const gs = named.glyphs;
  // A person's name has at least two characters: one alone is what is left when a weak one was dropped (龚远 → 远).
  // Nor does a name start with anything but a surname: a reading that does not most likely lost it (邱秀玉 read as
  // 秀玉), or holds a rare one the teller should look at.
  const noSurname = gs.length > 0 && !isSurname(gs[0]!.ch) && !SURNAME_LOOKALIKES[gs[0]!.ch] && !COMPOUND_SURNAMES.has(text(gs.slice(0, 2)));
  // Ink read as nothing between two of its characters (郭垚兴 read 郭兴) leaves it short as well.
  const f = { ...uncertainIfWeak(gs, text(gs)), ...(gs.length === 1 || noSurname || cut || named.doubtful || unreadAtEnds(gs) || unreadBetween(gs) || surnameInDoubt(gs[0]) ? { uncertain: true } : {}) };
  const first = f.value[0];
  if (first && SURNAME_LOOKALIKES[first]) return { ...f, value: SURNAME_LOOKALIKES[first] + f.value.slice(1), corrected: correction(f.value, 'surname') };
  // A compound surname's second half read as its look-alike (夏侯 as 夏候): no name starts so.
  const second = SURNAME_LOOKALIKES[f.value[1] ?? ''];
  if (first && second && COMPOUND_SURNAMES.has(first + second)) return { ...f, value: first + second + f.value.slice(2), corrected: correction(f.value, 'surname') };
  return f;
}

/**
 * What an address ends with: a house number's unit (号, 室, 幢…), a village or its group, a compound or building
 * named without a number (…农场, …大厦), or a bracketed note.
 */
const ADDRESS_END = /[号室层楼幢栋座铺户组村屯间房院厂场园厦）)]$/;

/**
 * A digit the recogniser ranked another digit behind at this share of it leaves the address doubtful: closer than
 * on an ID card (a twentieth), as a licence's small shaken digits give a look-alike less — 495号 read 195号, 1 at
 * 97.7 with 4 at 1.7 % of it. On 40 tuning photo-b licences no house-number digit read right had another between
 * 1 % and 5 % behind it.
 */
const ADDRESS_DIGIT_DOUBTFUL_SHARE = 0.015;

const digitInDoubt = (g: Glyph): boolean => isDigit(g.ch) && closeRunnerUp(g, isDigit, ADDRESS_DIGIT_DOUBTFUL_SHARE);

function readAddress(glyphs: readonly Glyph[]): RecognisedField {
  const read = uncertainIfWeak(glyphs, text(glyphs).replace(/\s+/g, ''));
  // An address that does not end as addresses end was cut short: a wrapped row not joined (…中山 of 中山路59号), or
  // its 号 lost after the number. A small Latin letter, or O or I beside a digit, is a misread digit (2816室 read 21o室).
  // Nothing checks its numbers: a digit with another close behind (155 read 156, 5 at 8 % of 6) is doubtful.
  const f = !ADDRESS_END.test(read.value) || /[a-z]|\d[OI]|[OI]\d/.test(read.value) || glyphs.some(digitInDoubt) ? { ...read, uncertain: true } : read;
  const m = f.value ? matchRegionPrefix(f.value, 1) ?? matchLongRegionPrefix(f.value) ?? prefixByRunnersUp(glyphs) : undefined;
  if (m && m.distance > 0) return { ...f, value: m.prefix + f.value.slice(m.length), corrected: correction(f.value, 'region-table') };
  // A head that is no region, one character from several (重庆市蔡江县: 綦江县 and 垫江县), was misread however surely.
  if (!m && f.value && nearestRegionPrefixes(f.value, 1)[0]?.distance) return { ...f, uncertain: true };
  return f;
}

/**
 * Of regions whose names are equally near the address's head (戈江区 is one character from both 弋江区 and 鸠江区),
 * the one whose differing characters are all among the recogniser's runners-up where it read them (弋 behind 戈).
 */
function prefixByRunnersUp(glyphs: readonly Glyph[]): PrefixMatch | undefined {
  const fits = nearestRegionPrefixes(text(glyphs), 1).filter((m) => m.length === m.prefix.length && [...m.prefix].every((ch, i) => glyphs[i]!.ch === ch || glyphs[i]!.alts?.some((a) => a.ch === ch)));
  return fits.length === 1 ? fits[0] : undefined;
}

/**
 * The company name, its first characters repaired to the place its address lies in (prefecture or county, short
 * name) when they are one character away from it and the recogniser was unsure of that character: a business is
 * most often named after its place, and the address is checked against the region table.
 */
function readName(read: readonly Glyph[], address: RecognisedField): RecognisedField {
  // The title's （副本） / （正本） read onto the end of the name: no business is called so.
  const tail = /[（(]?[副正]本[）)]?$/.exec(text(read));
  const whole = tail && tail[0].length >= 3 ? read.slice(0, read.length - tail[0].length) : read;
  const glyphs = withoutAmount(whole);
  const value = text(glyphs).replace(/\(/g, '（').replace(/\)/g, '）');
  const f = { ...uncertainIfWeak(glyphs, value), ...(glyphs.length < whole.length ? { uncertain: true } : {}) };
  const named = placeRepaired(glyphs, value, f, address);
  // Ink in the name's box the recogniser read nothing from: a character of the name is missing there. Brackets with
  // nothing between them (丰禾（）汽车…) lost the county abbreviation they held: no name is written so.
  if (!(unreadAtEnds(glyphs) || named.value.includes('（）')) || named.uncertain) return named;
  return { ...named, uncertain: true };
}

/**
 * The company name without what follows its legal form when that holds an amount in 元: the name ran on into the
 * other column's label, misread past recognition, and its capital (…有限公司注册本爱百伍拾万元整). No name holds one.
 */
function withoutAmount(glyphs: readonly Glyph[]): readonly Glyph[] {
  const t = text(glyphs);
  const amountAfter = (k: number): boolean => CAPITAL_AMOUNT.test([...t.slice(k)].map((c) => CAPITAL_LOOKALIKES[c] ?? c).join(''));
  const end = [...t.matchAll(/公司|合作社/g)].map((m) => m.index + m[0].length).find((k) => k < t.length && amountAfter(k));
  return end === undefined || [...t].length !== glyphs.length ? glyphs : glyphs.slice(0, end);
}

/**
 * The name with its place put right where the address shows it was misread or lost (see readName); `f` as read
 * when nothing is to be put right.
 */
function placeRepaired(glyphs: readonly Glyph[], value: string, f: RecognisedField, address: RecognisedField): RecognisedField {
  // A name that starts with one of its places as written is right: it is not "repaired" to the other one (陇西…
  // of 定西市陇西县 is not made 定西…).
  if (regionPlaces(address.value).some((place) => value.startsWith(place))) return f;
  // The box holds unread ink before the name's first character (涪 of 涪陵 lost on a photo, 陵恒信… read), and the
  // name starts with the rest of one of its places: that place's lost start is put back, for the teller to check.
  // Without the unread ink it is not: a name may start with a place's second character (安… in 延安).
  if (glyphs.length > 0 && unreadBeside(glyphs[0]!, 'start')) {
    for (const place of regionPlaces(address.value)) {
      const lost = [...place].findIndex((_, k) => k > 0 && value.startsWith(place.slice(k)));
      if (lost > 0) return { ...f, value: place.slice(0, lost) + value, uncertain: true, corrected: correction(value, 'name-place') };
    }
  }
  // A stray mark read in front of the place (see doubtedPlace).
  if (glyphs.length > 2 && regionPlaces(address.value).some((place) => value.slice(1).startsWith(place))) {
    return { ...uncertainIfWeak(glyphs.slice(1), value.slice(1)), uncertain: true, corrected: correction(value, 'name-place') };
  }
  // The address read its place the same wrong way (黄驿 for 黄骅) and the region table put it right: the name's
  // reading of it, however sure, is the same misreading of a rare character.
  const misreadInAddress = (head: string): boolean => address.corrected?.reason === 'region-table' && address.corrected.from.includes(head) && !address.value.includes(head);
  for (const place of regionPlaces(address.value)) {
    const head = value.slice(0, place.length);
    if (head === place) return f;
    const diff = [...place].flatMap((c, i) => (head[i] === c ? [] : [i]));
    if (diff.length === 1 && (glyphs[diff[0]!]!.conf < 90 || misreadInAddress(head))) {
      const fixed = place + value.slice(place.length);
      return { ...uncertainIfWeak(glyphs.filter((_, i) => i !== diff[0]), fixed), value: fixed, corrected: correction(value, 'name-place') };
    }
  }
  // A long place name (an autonomous county: 桓仁满族, 金平苗族瑶族傣族) with one of its characters lost from the
  // name's head (仁满族…, 金平苗族瑶族族…): nothing else a business is called starts with all the rest of it.
  for (const place of regionPlaces(address.value)) {
    if (place.length < LOST_FROM_PLACE_AT_LEAST) continue;
    const lost = [...place].findIndex((_, i) => value.startsWith(place.slice(0, i) + place.slice(i + 1)));
    if (lost >= 0) return { ...f, value: place + value.slice(place.length - 1), corrected: correction(value, 'name-place') };
  }
  return doubtedPlace(glyphs, value, f, address);
}

/**
 * What a photo does to a short place at the head of a company name, none of which can be put right surely: a stray
 * mark read in front of it (和和平…: dropped, the name after it starts with its place), its first characters lost
 * (善… of 鄯善, 陵… of 涪陵) or one inside it (积山… of 积石山). A name may legitimately start so (安… in 延安), so the
 * teller is asked to look, and nothing is added.
 */
function doubtedPlace(glyphs: readonly Glyph[], value: string, f: RecognisedField, address: RecognisedField): RecognisedField {
  const places = regionPlaces(address.value);
  const lostAtStart = places.some((place) => [...place].some((_, k) => k > 0 && value.startsWith(place.slice(k))));
  const lostInside = places.some((place) => place.length >= 3 && [...place].some((_, k) => k > 0 && value.startsWith(place.slice(0, k) + place.slice(k + 1))));
  return lostAtStart || lostInside ? { ...f, uncertain: true } : f;
}

/** Place names this long are told by all but one of their characters. */
const LOST_FROM_PLACE_AT_LEAST = 4;

/**
 * An address as read from its label on, without what stands before its province: the spaced label's other half
 * misread (所 of 住 所 read as BP on a small photo) or a speck between label and value. Every address on a licence
 * begins with its province, and its wrapped rows start under the province's first character.
 */
function fromProvince(gs: Glyph[]): Glyph[] {
  if (startsWithProvince(text(gs))) return gs;
  const k = [1, 2].find((n) => startsWithProvince(text(gs.slice(n))));
  return k ? gs.slice(k) : gs;
}

/**
 * A value with the rows it wraps onto: rows below that start under its first character, up to a row that
 * prints anything in the field's label column (`labelX`) or holds a label. A name that has not come to its legal
 * form yet goes on even onto a row that reads like a company type (…粮油 / 购销股份有限公司).
 */
function withContinuation(lines: readonly Glyph[][], lineNo: number, first: Glyph[], labelX: number, h: number, isName = false): Glyph[] {
  let gs = first;
  const x0 = gs[0]!.x0;
  let lastY = gs[0]!.y1;
  for (let j = lineNo + 1; j < lines.length; j++) {
    const row = lines[j]!;
    if (row[0]!.y0 - lastY > 1.2 * h) break;
    // Anything printed in this field's label column starts the next field, even a label misread beyond
    // recognition; a continuation line is indented to the value. Text further left is another column, even
    // when its long value runs up to this label column: a character is placed by where it starts.
    if (row.some((g) => !NOISE.has(g.ch) && g.x0 > labelX - h && g.x1 < x0 - h)) break;
    // Only the run that starts under the value: what follows a wide gap is the other column's field (公司 of a
    // wrapped name beside 成立日期 in a two-column layout), not this value's row.
    const right = row.filter((g) => g.x0 >= x0 - h);
    const gap = right.findIndex((g, k) => k > 0 && g.x0 - right[k - 1]!.x1 > 4 * h);
    const cont = dropNoise(gap > 0 ? right.slice(0, gap) : right);
    if (cont.length === 0 || Math.abs(cont[0]!.x0 - x0) > 1.5 * h) continue;
    // A row holding a label, or a registered company type (the type's row whose label was lost), is a field of its own.
    if (findLabels(cont, j).length > 0 || ((!isName || nameEnded(gs)) && nearestCompanyType(companyTypeText(cont)))) break;
    gs = [...gs, ...trimWeakEnds(cont)];
    lastY = row[0]!.y1;
  }
  return gs;
}

/**
 * Licences come in several layouts (one or two columns, code above or beside its label), so values are cut out
 * by labels: from the end of a label to the next label on the line, plus continuation rows that start under the
 * value's first character.
 */
export function extractLicenceFields(page: OcrPage): LicenceFields {
  const lines = pageGlyphLines(page);
  const hits = lines.flatMap((l, i) => findLabels(l, i));
  const values = new Map<Label, Glyph[]>();
  const h = median(lines.flat().map((g) => g.y1 - g.y0)) || 20;
  // Where a character of the legal representative's name was read too weakly to keep (see personGlyphs).
  let personCut = false;
  // Where a weak character before the registered capital was left out (see readCapital).
  let capitalFaint = false;
  for (const hit of hits) {
    // A label whose value came out empty (a spaced label's two characters found apart, a stray match) does not stop
    // a later one of the same label; nor does an address that is no address (it starts with a province).
    const had = values.get(hit.label);
    if (had?.length && !(hit.label === '住所' && !startsWithProvince(text(had)))) continue;
    const line = lines[hit.line]!;
    const next = hits.find((o) => o.line === hit.line && o.start >= hit.end);
    let gs = line.slice(hit.end, next ? next.start : line.length);
    // Values in the other column can run on in the same recognised line after a wide gap. Measured before noise is
    // dropped: a misread bracket is still part of the value's run.
    const cut = gs.findIndex((g, k) => k > 0 && g.x0 - gs[k - 1]!.x1 > 4 * h);
    if (cut > 0) gs = gs.slice(0, cut);
    if (hit.label === '法定代表人' || hit.label === '经营者') {
      const read = dropNoise(gs.map((g, i) => dashAsIdeograph(gs, i) ?? g)).filter((g) => isCjk(g.ch));
      gs = personGlyphs(read);
      personCut = gs.length > 0 && gs.at(-1) !== read.at(-1);
    } else {
      const marks = dropNoise(gs);
      gs = trimWeakEnds(marks);
      if (hit.label === '注册资本') capitalFaint = gs.length > 0 && marks.slice(0, marks.indexOf(gs[0]!)).some((g) => isCjk(g.ch) || /\d/.test(g.ch));
    }
    if (hit.label === '住所' || hit.label === '经营场所') gs = fromProvince(gs);
    if (had?.length && !startsWithProvince(text(gs))) continue;
    const wraps = hit.label === '住所' || hit.label === '经营场所' || hit.label === '名称' || (hit.label === '类型' && bracketOpen(gs));
    if (wraps && gs.length > 0) gs = withContinuation(lines, hit.line, gs, line[hit.start]!.x0, h, hit.label === '名称');
    values.set(hit.label, gs);
  }
  // Fields whose labels were lost, by what they say; the address with its continuation rows, its label column
  // taken at the nearest mark to its left on its row (a label read beyond recognition), or four lines to the left.
  const byContent = unlabelledValues(lines, h, (line, k) => hits.some((x) => x.line === line && k >= x.start && k < x.end));
  const fallback = (label: Label, field: keyof typeof byContent): void => {
    const v = byContent[field];
    if (values.get(label)?.length || !v) return;
    if (field !== 'address') return void values.set(label, v.glyphs);
    const x0 = v.glyphs[0]!.x0;
    const left = lines[v.line]!.filter((g) => g.x1 <= x0 && g.x1 > x0 - 6 * h).at(-1);
    values.set(label, withContinuation(lines, v.line, v.glyphs, left ? left.x0 : x0 - 4 * h, h));
  };
  fallback('名称', 'companyName');
  fallback('类型', 'companyType');
  fallback('注册资本', 'registeredCapital');
  if (!values.get('经营场所')?.length) fallback('住所', 'address');

  // The code is the 18-character run nearest below or beside its label; without the label, any such run. A run
  // ends at a wide gap too: marks far along the row (a seal or QR code read as letters) are not part of it.
  const codeHit = hits.find((x) => x.label === '统一社会信用代码');
  const runs = lines.flatMap((l, i) => {
    const out: Array<{ glyphs: Glyph[]; line: number }> = [];
    let cur: Glyph[] = [];
    const flush = (): void => {
      if (cur.length >= 17 && cur.length <= 19) out.push({ glyphs: cur, line: i });
      cur = [];
    };
    const inCode = (c: string): boolean => USCC_CHARS.test(c.toUpperCase()) || c in USCC_LOOKALIKES;
    // A mark that is no ideograph, read where a code character was the runner-up (7 as /), is that character.
    for (const g of constrained(l, inCode, (x) => !isCjk(x.ch))) {
      if (cur.length > 0 && g.x0 - cur[cur.length - 1]!.x1 > 2 * h) flush();
      if (inCode(g.ch)) cur.push(g);
      else flush();
    }
    flush();
    return out;
  });
  const run = runs.sort((a, b) => Math.abs(a.line - (codeHit?.line ?? 0)) - Math.abs(b.line - (codeHit?.line ?? 0)))[0];

  const get = (...labels: Label[]): Glyph[] => labels.map((l) => values.get(l)).find((v) => v && v.length > 0) ?? [];
  const name = get('名称').filter((g) => isCjk(g.ch) || /[()（）]/.test(g.ch));
  const address = get('住所', '经营场所').length ? readAddress(get('住所', '经营场所')) : missing();
  return {
    uscc: readUscc(run?.glyphs ?? []),
    companyName: name.length ? readName(name, address) : missing(),
    companyType: get('类型').length ? readType(get('类型')) : missing(),
    legalRepresentative: get('法定代表人', '经营者').length ? readPerson(get('法定代表人', '经营者'), personCut) : missing(),
    registeredCapital: get('注册资本').length ? readCapital(get('注册资本'), capitalFaint) : missing(),
    establishedDate: get('成立日期', '注册日期').length ? readDate(get('成立日期', '注册日期')) : missing(),
    address,
  };
}

const TITLE = '营业执照';

/** The licence's title, printed large above the fields: at most one of its four characters misread. */
const hasTitle = (lines: readonly Glyph[][]): boolean =>
  lines.some((l) => {
    const t = text(dropNoise(l));
    for (let i = 0; i + TITLE.length <= t.length + 1; i++) if (levenshtein(t.slice(i, i + TITLE.length), TITLE) <= 1) return true;
    return false;
  });

/**
 * A licence shows at least two of its labels, its title, or a unified social credit code that passes both its
 * check characters (a shaken or small photo garbles the small labels first; the large title and the code's own
 * checks survive it; an ID number passes both by chance about once in 340).
 */
export function looksLikeLicence(page: OcrPage): boolean {
  const lines = pageGlyphLines(page);
  const labels = new Set(lines.flatMap((l, i) => findLabels(l, i)).map((h) => h.label));
  if (labels.size >= 2 || hasTitle(lines)) return true;
  const uscc = extractLicenceFields(page).uscc;
  const checked = validateUscc(uscc.value);
  return !uscc.uncertain && checked.ok && !checked.warnings.includes('checkDigit') && orgCodeValid(uscc.value.slice(8, 17));
}
