import { describe, expect, it } from 'vitest';
import { usccCheckChar } from '../identity/uscc';
import { orgCodeCheckChar } from './extract-licence';
import { buildLicenceResult, compareCompany, looksLikeLicence } from './index';
import { syntheticPage } from './synthetic-page';
import type { OcrPage } from './types';

const first17 = `91141081MA0K1234${orgCodeCheckChar('MA0K1234')}`;
const USCC = first17 + usccCheckChar(first17);

function licence(code = USCC, capital = '壹佰万元整', type = '有限责任公司（自然人投资或控股）', codeConf = 97) {
  return syntheticPage(1700, 1200, [
    [170, [['统一社会信用代码', 120]]],
    [215, [[code, 120, codeConf]]],
    [300, [['营业执照', 650]]],
    [550, [['名称', 120], ['侯马市兴农农业科技有限公司', 330], ['注册资本', 980], [capital, 1190]]],
    [650, [['类型', 120], [type, 330], ['成立日期', 980], ['2015年03月02日', 1190]]],
    [750, [['法定代表人', 120], ['王秀英', 330], ['住所', 980], ['山西省临汾市侯马', 1190]]],
    [800, [['市新田乡东庄村', 1190]]],
    [900, [['经营范围', 120], ['农产品收购与销售', 330]]],
  ]);
}

/**
 * The word reading `text` given per-character confidences and the recogniser's runners-up, as PP-OCR reports them:
 * `chars` maps a character's index to its confidence and runners-up; the others are read at 97.
 */
function withRunnersUp(page: OcrPage, text: string, chars: Record<number, [number, Array<[string, number]>]>): OcrPage {
  const word = page.lines.flatMap((l) => l.words).find((w) => w.text === text)!;
  const n = [...text].length;
  word.charConfidences = Array.from({ length: n }, (_, i) => chars[i]?.[0] ?? 97);
  word.charAlternatives = Array.from({ length: n }, (_, i) => (chars[i]?.[1] ?? []).map(([ch, conf]) => ({ ch, conf })));
  return page;
}

describe('licence extraction', () => {
  it("reads a character that cannot stand in a code or an amount as the recogniser's runner-up that can", () => {
    // The code's 13th character (1) read as a slash, 1 the runner-up: a slash would cut the code in two.
    const slashed = `${USCC.slice(0, 12)}/${USCC.slice(13)}`;
    // 捌拾捌 read as 捌后期: the numerals were the runners-up.
    let page = withRunnersUp(licence(slashed, '捌后期万元'), slashed, { 12: [45, [['l', 20], ['1', 18], ['7', 9]]] });
    page = withRunnersUp(page, '捌后期万元', { 1: [27, [['石', 22], ['拾', 20]]], 2: [40, [['捌', 30]]] });
    const f = buildLicenceResult(page, 0).fields;
    expect(f.uscc.value).toBe(USCC);
    expect(f.registeredCapital.value).toBe('捌拾捌万元');
    // 拾 was a distant runner-up (20 of the 63 left once 后 and 石 are out): the teller is asked to look.
    expect(f.registeredCapital.uncertain).toBe(true);
    // Without runners-up the same reading gives neither.
    const plain = buildLicenceResult(licence(slashed, '捌后期万元'), 0).fields;
    expect(plain.uscc.value).not.toBe(USCC);
    expect(plain.registeredCapital.value).not.toBe('捌拾捌万元');
  });

  it('stops a wrapped value at the next row that prints anything in its label column (one-column layout, spaced labels)', () => {
    // Rows 36 px apart and boxes 32 px tall, as PP-OCR boxes them: the gap alone does not separate the fields.
    const page = syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      // 称 lost by the detector: 名 alone, well clear of the value, still marks the row.
      [400, [['名', 200], ['侯马市兴农农业科技有限公司', 420]]],
      [436, [['类', 200], ['型', 290], ['有限责任公司', 420]]],
      [472, [['住', 200], ['所', 290], ['山西省临汾市侯马市新田乡东庄', 420]]],
      [508, [['村12号', 420]]],
      [544, [['法定代表人', 200], ['王秀英', 420]]],
      [580, [['注册资本', 200], ['壹佰万元整', 420]]],
    ]);
    const f = buildLicenceResult(page, 0).fields;
    expect(f.companyName.value).toBe('侯马市兴农农业科技有限公司');
    expect(f.companyType.value).toBe('有限责任公司');
    expect(f.address.value).toBe('山西省临汾市侯马市新田乡东庄村12号');
    expect(f.legalRepresentative.value).toBe('王秀英');
  });

  it('joins the address wrapped onto the row where the left column\'s long value ends just short of the 住所 label', () => {
    // A photographed licence: the scope of business (left column) runs to within a character of the right
    // column's labels, and the address's last characters share its row.
    const page = syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], ['侯马市兴农农业科技有限公司', 330], ['注册资本', 980], ['壹佰万元整', 1190]]],
      [750, [['法定代表人', 120], ['王秀英', 330], ['住所', 980], ['江西省九江市彭泽县文化路39', 1190]]],
      [790, [['经营范围', 120], ['粮食收购农产品初加工服务农业机械租赁与销售', 330], ['4号', 1190]]],
      [830, [['农作物种植', 330]]],
    ]);
    expect(buildLicenceResult(page, 0).fields.address.value).toBe('江西省九江市彭泽县文化路394号');
  });

  it('joins a name wrapped where its rest reads like a company type (…粮油 / 购销股份有限公司): a name ends with its form', () => {
    const page = syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], ['中沙群岛的岛礁及其海域益民粮油', 330], ['注册资本', 980], ['叁仟万元整', 1190]]],
      [596, [['购销股份有限公司', 330]]],
      [620, [['成立日期', 980], ['2010年02月27日', 1190]]],
      [660, [['类型', 120], ['股份有限公司（非上市）', 330]]],
    ]);
    const f = buildLicenceResult(page, 0).fields;
    expect(f.companyName.value).toBe('中沙群岛的岛礁及其海域益民粮油购销股份有限公司');
    expect(f.companyType.value).toBe('股份有限公司（非上市）');
  });

  it('finds name, type, capital and address by what they say when a shaken photo lost their labels', () => {
    const page = syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [300, [['营业执照', 650]]],
      // Only marks of the spaced labels 名 称, 类 型, 住 所 and 注册资本 were read, none recognisable.
      [550, [['侯马市兴农农业科技有限公司', 330], ['壹佰万元整', 1190]]],
      [650, [['有限责任公司（自然人投资或控股）', 330], ['成立日期', 980], ['2015年03月02日', 1190]]],
      [750, [['法定代表人', 120], ['王秀英', 330], ['锦', 1000, 30], ['山西省临汾市侯马', 1190]]],
      [790, [['币新田乡东庄村8号', 1190]]],
      [900, [['经营范围', 120], ['农产品收购与销售', 330]]],
      [940, [['登记机关', 1000]]],
    ]);
    const f = buildLicenceResult(page, 0).fields;
    expect(f.companyName.value).toBe('侯马市兴农农业科技有限公司');
    expect(f.companyType.value).toBe('有限责任公司（自然人投资或控股）');
    expect(f.registeredCapital.value).toBe('壹佰万元整');
    expect(f.address.value).toBe('山西省临汾市侯马市新田乡东庄村8号');
    expect(f.legalRepresentative.value).toBe('王秀英');
    expect(f.establishedDate.value).toBe('2015-03-02');
  });

  it('finds a type whose labels were lost when its row runs into the other column\'s label with no gap', () => {
    // 类 型 not boxed, the bracket's end lost, 成立日期 boxed right after the type's last character.
    const page = syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], ['云霄恒信建筑工程有限公司', 330]]],
      [650, [['有限责任公司（自然人投资或控股', 330], ['成立日期', 780], ['2008年03月16日', 1000]]],
    ]);
    const f = buildLicenceResult(page, 0).fields;
    // Its bracket open: a row may have been lost, so the teller checks it (see readType).
    expect(f.companyType).toMatchObject({ value: '有限责任公司（自然人投资或控股）', uncertain: true });
    expect(f.establishedDate.value).toBe('2008-03-16');
  });

  it('takes a spaced label whose first character was misread at the head of its row (类 型 read 美 型)', () => {
    const page = syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], ['松溪瑞丰果蔬种植有限公司', 330]]],
      [650, [['美', 120], ['型', 170], ['有限责任公司', 220], ['成立日期', 780], ['2000年07月25日', 1000]]],
      [750, [['往所', 120], ['福建省南平市松溪县朝阳路356号', 200]]],
    ]);
    const f = buildLicenceResult(page, 0).fields;
    expect(f.companyType).toMatchObject({ value: '有限责任公司', uncertain: false });
    expect(f.address.value).toBe('福建省南平市松溪县朝阳路356号');
    // A lone character standing before the value with no label beside it is not one.
    const plain = buildLicenceResult(syntheticPage(1700, 1200, [[650, [['美', 120], ['术', 170], ['有限责任公司', 220]]]]), 0).fields;
    expect(plain.companyType.value).toBe('');
  });

  it('leaves a date no calendar has uncertain, however surely it was read', () => {
    const dated = (date: string) => {
      const page = licence();
      page.lines.flatMap((l) => l.words).find((w) => w.text === '2015年03月02日')!.text = date;
      return buildLicenceResult(page, 0).fields.establishedDate;
    };
    // 09 read as 00 on a shaken photo.
    expect(dated('2018年00月13日')).toMatchObject({ value: '2018-00-13', uncertain: true });
    expect(dated('2019年02月29日').uncertain).toBe(true);
    expect(dated('2020年02月29日')).toMatchObject({ value: '2020-02-29', uncertain: false });
  });

  it('reads the place a company is named after as its address writes it, when the recogniser was unsure of it', () => {
    const page = (name: string, conf: number) => syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], [name, 330, conf], ['注册资本', 980], ['壹佰万元整', 1190]]],
      // The type's row lost its label: it is not the name's second line.
      [590, [['有限责任公司（法人独资）', 330]]],
      [750, [['法定代表人', 120], ['王秀英', 330], ['住所', 980], ['西藏自治区昌都地区昌都县和谐路355号', 1190]]],
    ]);
    const f = buildLicenceResult(page('福都天成家政服务有限公司', 74), 0).fields;
    expect(f.companyName).toMatchObject({ value: '昌都天成家政服务有限公司', corrected: { reason: 'name-place' } });
    expect(f.companyType.value).toBe('有限责任公司（法人独资）');
    // Read with confidence, a name that merely resembles the place is left alone.
    expect(buildLicenceResult(page('吕都天成家政服务有限公司', 97), 0).fields.companyName.value).toBe('吕都天成家政服务有限公司');
  });

  it('reads the place in the name as the region table reads it when the address misread it the same way, however sure', () => {
    const page = (name: string, address: string) => syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], [name, 330, 96]]],
      [750, [['住所', 120], [address, 330, 95]]],
    ]);
    // 骅 read as 驿 in both: the address is put right by the region table, the name after it.
    const f = buildLicenceResult(page('黄驿德润家政服务有限公司', '河北省沧州市黄驿市胜利街122号'), 0).fields;
    expect(f.address.value).toBe('河北省沧州市黄骅市胜利街122号');
    expect(f.companyName).toMatchObject({ value: '黄骅德润家政服务有限公司', corrected: { reason: 'name-place' } });
    // The address read right: a sure name one character off its place is another name, left alone.
    expect(buildLicenceResult(page('黄驿德润家政服务有限公司', '河北省沧州市黄骅市胜利街122号'), 0).fields.companyName.value).toBe('黄驿德润家政服务有限公司');
  });

  it('reads the legal representative after what a smear left of its label (表人), and a date after a stray digit', () => {
    const page = syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], ['侯马市兴农农业科技有限公司', 330]]],
      [650, [['表人钟丽', 120], ['成立日期', 980], ['22007年05月02日', 1190]]],
    ]);
    const f = buildLicenceResult(page, 0).fields;
    expect(f.legalRepresentative.value).toBe('钟丽');
    expect(f.establishedDate.value).toBe('2007-05-02');
  });

  it('puts back two characters an autonomous region lost from the address head (怒江傈僳族自治州 read as 怒江族自治州)', () => {
    const page = (address: string) => syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [750, [['住所', 120], [address, 330]]],
    ]);
    expect(buildLicenceResult(page('云南省怒江族自治州贡山独龙族怒族自治县和谐路99号'), 0).fields.address).toMatchObject({ value: '云南省怒江傈僳族自治州贡山独龙族怒族自治县和谐路99号', corrected: { reason: 'region-table' } });
    // A short head two characters off is not put right: too many places are two characters from it.
    expect(buildLicenceResult(page('山西省临汾市候吗币新田乡'), 0).fields.address.value).toBe('山西省临汾市候吗币新田乡');
  });

  it('joins a name wrapped onto a row whose other column holds a label of its own (…有限 / 公司 beside 成立日期)', () => {
    const page = syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [485, [['名称', 120], ['侯马市兴农农业科技有限', 330], ['注册资本', 980], ['壹佰万元整', 1190]]],
      [529, [['公司', 330], ['成立日期', 980], ['2015年03月02日', 1190]]],
      [594, [['类型', 120], ['有限责任公司（法人独资）', 330], ['营业期限', 980], ['长期', 1190]]],
    ]);
    const f = buildLicenceResult(page, 0).fields;
    expect(f.companyName.value).toBe('侯马市兴农农业科技有限公司');
    expect(f.establishedDate.value).toBe('2015-03-02');
    expect(f.companyType.value).toBe('有限责任公司（法人独资）');
  });

  it('repairs the name of an autonomous county a company is named after (务川仡佬族苗族…, 仡 misread)', () => {
    const page = syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], ['务川亿佬族苗族宏远果蔬种植有限公司', 330, 49]]],
      [650, [['类型', 120], ['有限责任公司（法人独资）', 330]]],
      [750, [['法定代表人', 120], ['朱建', 330]]],
      [850, [['住所', 120], ['贵州省遵义市务川仡佬族苗族自治县胜利街47号', 330]]],
    ]);
    const f = buildLicenceResult(page, 0).fields;
    expect(f.companyName).toMatchObject({ value: '务川仡佬族苗族宏远果蔬种植有限公司', corrected: { reason: 'name-place' } });
  });

  it('marks a legal representative of one character, or a capital that starts with its unit, uncertain: a character was lost', () => {
    const page = syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], ['侯马市兴农农业科技有限公司', 330], ['注册资本', 980], ['佰万元', 1190]]],
      [650, [['类型', 120], ['有限责任公司（法人独资）', 330]]],
      [750, [['法定代表人', 120], ['远', 330]]],
    ]);
    const f = buildLicenceResult(page, 0).fields;
    expect(f.legalRepresentative).toMatchObject({ value: '远', uncertain: true });
    expect(f.registeredCapital).toMatchObject({ value: '佰万元', uncertain: true });
    // Amounts write 拾 with its numeral (壹拾万元): 拾 alone at the head lost it.
    expect(buildLicenceResult(licence(USCC, '拾万元整'), 0).fields.registeredCapital).toMatchObject({ value: '拾万元整', uncertain: true });
    expect(buildLicenceResult(licence(), 0).fields.legalRepresentative).toMatchObject({ value: '王秀英', uncertain: false });
  });

  it('ends a company name that ran on into the other column\'s misread label and capital', () => {
    const page = syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], ['梨树锦程养殖有限公司注册本爱百伍拾万元整', 330]]],
      [650, [['住所', 120], ['吉林省四平市梨树县文化路40号', 330]]],
    ]);
    expect(buildLicenceResult(page, 0).fields.companyName).toMatchObject({ value: '梨树锦程养殖有限公司', uncertain: true });
    // A name that only holds a numeral is left whole.
    const named = (name: string) => buildLicenceResult(syntheticPage(1700, 1200, [[550, [['名称', 120], [name, 330]]]]), 0).fields.companyName.value;
    expect(named('梨树锦程养殖有限公司第一分公司')).toBe('梨树锦程养殖有限公司第一分公司');
  });

  it('doubts an address whose county is no region but one character from two (蔡江县: 綦江县, 垫江县), however surely read', () => {
    const address = (a: string) => buildLicenceResult(syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [650, [['住所', 120], [a, 330]]],
    ]), 0).fields.address;
    expect(address('重庆市蔡江县中山路100号')).toMatchObject({ value: '重庆市蔡江县中山路100号', uncertain: true });
    expect(address('重庆市綦江县中山路100号')).toMatchObject({ value: '重庆市綦江县中山路100号', uncertain: false });
  });

  it('starts an address at its province when the spaced label\'s other half was misread before it', () => {
    // 住 所 with 所 read as BP: 住 alone marks the row, and the address's second row starts under 山, not under B.
    const page = syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], ['沾化兴隆机械设备有限公司', 330]]],
      [650, [['住', 900], ['BP', 990, 54], ['山东省滨州市沾化县建设路15', 1060]]],
      [700, [['经营范围', 120], ['4号', 1060]]],
    ]);
    expect(buildLicenceResult(page, 0).fields.address).toMatchObject({ value: '山东省滨州市沾化县建设路154号', uncertain: false });
  });

  it('cuts both columns apart by their labels and joins the wrapped address', () => {
    const r = buildLicenceResult(licence(), 950);
    const values = Object.fromEntries(Object.entries(r.fields).map(([k, f]) => [k, f.value]));
    expect(values).toEqual({
      uscc: USCC,
      companyName: '侯马市兴农农业科技有限公司',
      companyType: '有限责任公司（自然人投资或控股）',
      legalRepresentative: '王秀英',
      registeredCapital: '壹佰万元整',
      establishedDate: '2015-03-02',
      address: '山西省临汾市侯马市新田乡东庄村',
    });
    expect(r.checks).toEqual([
      expect.objectContaining({ code: 'licence.uscc', ok: true }),
      expect.objectContaining({ code: 'licence.usccCheckDigit', ok: true }),
    ]);
  });

  it('repairs O/I look-alikes and a single misread digit of the code against its check characters', () => {
    const withLetters = USCC.replace('0', 'O');
    expect(buildLicenceResult(licence(withLetters), 0).fields.uscc.value).toBe(USCC);
    expect(USCC[13]).toBe('2');
    const swapped = USCC.slice(0, 13) + '7' + USCC.slice(14);
    const r = buildLicenceResult(licence(swapped, '壹佰万元整', '有限责任公司（自然人投资或控股）', 60), 0);
    expect(r.fields.uscc.value).toBe(USCC);
    expect(r.fields.uscc.corrected?.reason).toBe('uscc-check-digit');
    // Read confidently, the same slip is left for the teller rather than guessed at.
    expect(buildLicenceResult(licence(swapped), 0).fields.uscc).toMatchObject({ value: swapped, uncertain: true });
  });

  it('keeps a code whose check character does not match but warns (early pilot codes are legal)', () => {
    const wrong = first17 + (usccCheckChar(first17) === 'Y' ? 'X' : 'Y');
    const r = buildLicenceResult(licence(wrong), 0);
    expect(r.checks.find((c) => c.code === 'licence.uscc')!.ok).toBe(true);
    expect(r.checks.find((c) => c.code === 'licence.usccCheckDigit')!.ok).toBe(false);
    expect(r.fields.uscc.uncertain).toBe(true);
  });

  it('reads the code apart from marks far along its row (a seal or QR code read as letters)', () => {
    const page = syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120], ['SAE', 1100, 45]]],
      [550, [['名称', 120], ['侯马市兴农农业科技有限公司', 330]]],
    ]);
    expect(buildLicenceResult(page, 0).fields.uscc).toMatchObject({ value: USCC, uncertain: false });
  });

  it('doubts a capital whose first numeral was lost, however surely the rest was read', () => {
    const capital = (words: Array<[string, number, number?]>) => buildLicenceResult(syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], ['侯马市兴农农业科技有限公司', 330], ['注册资本', 980], ...words]],
    ]), 0).fields.registeredCapital;
    // 捌拾捌万元整 with its first 捌 read too faintly to keep: what is left reads as an amount, but not one written so.
    expect(capital([['捌', 1190, 30], ['拾捌万元整', 1225]])).toMatchObject({ value: '拾捌万元整', uncertain: true });
    // A faint character dropped before an amount that is well made on its own: still the teller's to check.
    expect(capital([['贰', 1190, 30], ['拾捌万元整', 1225]]).uncertain).toBe(true);
    expect(capital([['伍', 1190, 30], ['佰万元', 1225]]).uncertain).toBe(true);
    // A numeral doubled: no amount is written so.
    expect(capital([['捌捌万元', 1190]])).toMatchObject({ value: '捌捌万元', uncertain: true });
    expect(capital([['捌拾捌万元整', 1190]])).toMatchObject({ value: '捌拾捌万元整', uncertain: false });
    // A look-alike put right (筌 for 整) does not make the amount's weakly read numerals sure.
    const weak = withRunnersUp(licence(USCC, '伍拾万元筌'), '伍拾万元筌', { 0: [40, []] });
    expect(buildLicenceResult(weak, 0).fields.registeredCapital).toMatchObject({ value: '伍拾万元整', uncertain: true });
    expect(buildLicenceResult(licence(USCC, '伍拾万元筌'), 0).fields.registeredCapital).toMatchObject({ value: '伍拾万元整', uncertain: false });
    // A character read before the amount and not taken: the amount's head may be in it.
    expect(capital([['爱伍拾万元整', 1190]])).toMatchObject({ value: '伍拾万元整', uncertain: true });
    // A weak speck that is no character before the amount does not count.
    expect(capital([['·', 1190, 30], ['捌拾捌万元整', 1225]])).toMatchObject({ value: '捌拾捌万元整', uncertain: false });
  });

  it('replaces look-alikes of the upper-case numerals in the registered capital', () => {
    const r = buildLicenceResult(licence(USCC, '喜佰万元整'), 0);
    expect(r.fields.registeredCapital).toMatchObject({ value: '壹佰万元整', corrected: { reason: 'capital-numerals' } });
    // One character after 元 that is none of them: 整 misread (only 整 or 人民币 follow 元 on a licence).
    expect(buildLicenceResult(licence(USCC, '捌拾捌万元些'), 0).fields.registeredCapital).toMatchObject({ value: '捌拾捌万元整', corrected: { reason: 'capital-numerals' } });
    expect(buildLicenceResult(licence(USCC, '捌拾捌万元'), 0).fields.registeredCapital).toMatchObject({ value: '捌拾捌万元', uncertain: false });
  });

  it('snaps a slightly misread company type to the registered type names', () => {
    const r = buildLicenceResult(licence(USCC, '壹佰万元整', '有限责任公司(自然人投资或控殷)'), 0);
    expect(r.fields.companyType).toMatchObject({ value: '有限责任公司（自然人投资或控股）', corrected: { reason: 'company-type-list' }, uncertain: false });
  });

  it('doubts a type that a character lost or misread would make its neighbour in the list (上市, 非上市)', () => {
    const type = (read: string, conf = 95) => buildLicenceResult(syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [650, [['类型', 120], [read, 330, conf]]],
    ]), 0).fields.companyType;
    // 市 misread: one character from （非上市）, two from （上市）.
    expect(type('股份有限公司（非上布）')).toMatchObject({ value: '股份有限公司（非上市）', uncertain: true });
    // A 、 lost is no doubt.
    expect(type('股份有限公司（非上市自然人投资或控股）')).toMatchObject({ value: '股份有限公司（非上市、自然人投资或控股）', uncertain: false });
    // Read as printed but weakly: 非 may have been lost.
    expect(type('股份有限公司（上市）', 41)).toMatchObject({ value: '股份有限公司（上市）', uncertain: true });
    expect(type('股份有限公司（上市）')).toMatchObject({ value: '股份有限公司（上市）', uncertain: false });
    // 其他有限责任公司 is two characters from 有限责任公司: a weak reading of the short one stays sure.
    expect(type('有限责任公司', 41)).toMatchObject({ value: '有限责任公司', uncertain: false });
  });

  it('knows a licence whose labels a shaken photo garbled, by its title or by a code that passes its check character', () => {
    const garbled = (rows: Parameters<typeof syntheticPage>[2]) => syntheticPage(1700, 1200, rows);
    const byTitle = garbled([
      [170, [['我一证会信用代明', 120]]],
      [300, [['营业执照', 650]]],
      [550, [['名利柳河恒信养庭有限公司', 120]]],
      [650, [['类型有限量低公司', 120]]],
    ]);
    expect(looksLikeLicence(byTitle)).toBe(true);
    const byCode = garbled([
      [170, [['二社有核用码城', 120]]],
      [215, [[USCC, 120]]],
      [550, [['和益民粮油购销有限公司', 120]]],
    ]);
    expect(looksLikeLicence(byCode)).toBe(true);
    expect(buildLicenceResult(byCode, 0).fields.uscc.value).toBe(USCC);
    // Neither: an ID card front, or 18 characters that fail the check.
    const wrongCheck = USCC.slice(0, 17) + (USCC[17] === '0' ? '1' : '0');
    expect(looksLikeLicence(garbled([[170, [['二社有核用码城', 120]]], [215, [[wrongCheck, 120]]]]))).toBe(false);
    expect(looksLikeLicence(garbled([[170, [['姓名张三', 120]]], [215, [['性别男民族汉', 120]]], [600, [['公民身份号码', 120], ['110101199003078515', 400]]]]))).toBe(false);
  });

  it('keeps the first character of a compound surname (东方, 司马…) that is not a surname by itself', () => {
    const page = syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], ['侯马市兴农农业科技有限公司', 330]]],
      [750, [['法定代表人', 120], ['东方志', 330]]],
    ]);
    expect(buildLicenceResult(page, 0).fields.legalRepresentative.value).toBe('东方志');
  });

  it("reads a weak first character of the legal representative that is no surname as the runner-up that is one, kept uncertain", () => {
    const rep = (name: string, first: [number, Array<[string, number]>]) => {
      const page = withRunnersUp(syntheticPage(1700, 1200, [
        [170, [['统一社会信用代码', 120]]],
        [215, [[USCC, 120]]],
        [550, [['名称', 120], ['侯马市兴农农业科技有限公司', 330]]],
        [750, [['法定代表人', 120], [name, 330]]],
      ]), name, { 0: first });
      return buildLicenceResult(page, 0).fields.legalRepresentative;
    };
    // 黎 printed, 繁 read at 34 with 黎 the second runner-up: neither dropped (强程, confident and wrong) nor kept as 繁.
    expect(rep('繁强程', [34, [['紧', 17], ['黎', 14], ['紫', 4]]])).toMatchObject({ value: '黎强程', uncertain: true });
    expect(rep('粮海军', [42, [['赖', 20], ['校', 6]]])).toMatchObject({ value: '赖海军', uncertain: true });
    // A weak mark with no surname among its runners-up is still dropped before a name that starts with one.
    expect(rep('繁强程', [30, [['紧', 17], ['紫', 4]]]).value).toBe('强程');
    // Nothing but marks after the label: no name, and no failure.
    expect(rep('：', [30, []])).toMatchObject({ value: '', uncertain: true });
    // A surname read surely is never replaced, even by a more common one.
    expect(rep('阎文程', [95, [['闫', 3]]])).toMatchObject({ value: '阎文程', uncertain: false });
  });

  it('reads a rare surname read unsurely as a far commoner runner-up, kept uncertain; a sure or common one stays', () => {
    const rep = (name: string, chars: Record<number, [number, Array<[string, number]>]>, label = '法定代表人') => {
      const page = withRunnersUp(syntheticPage(1700, 1200, [
        [170, [['统一社会信用代码', 120]]],
        [215, [[USCC, 120]]],
        [550, [['名称', 120], ['侯马市兴农农业科技有限公司', 330]]],
        [750, [[label, 120], [name, 330]]],
      ]), name, chars);
      return buildLicenceResult(page, 0).fields.legalRepresentative;
    };
    // 郝 printed, 都 (a surname some 240 places further down the list) read at 60, 郝 at 35; at 76 and 23, 都
    // stays (surnamePrior, shared with the ID card's name), but doubted.
    expect(rep('都明俊', { 0: [60, [['郝', 35]]] })).toMatchObject({ value: '郝明俊', uncertain: true });
    expect(rep('都明俊', { 0: [76, [['郝', 23]]] })).toMatchObject({ value: '都明俊', uncertain: true });
    expect(rep('都明俊', { 0: [92, [['郝', 7]]] })).toMatchObject({ value: '都明俊', uncertain: false });
    expect(rep('郝明俊', { 0: [70, [['都', 29]]] }).value).toBe('郝明俊');
    // 一 read as a dash after the name, 一 the runner-up: a name holds no dash.
    expect(rep('范云—', { 2: [69, [['一', 24], ['-', 2]]] }).value).toBe('范云一');
    expect(rep('范云—', {}).value).toBe('范云');
    // 夏侯 (a compound surname) with its second half read as the look-alike 候.
    expect(rep('夏候阳森', {})).toMatchObject({ value: '夏侯阳森', corrected: { reason: 'surname' } });
    // Two characters of the label misread on a shaken photo (法 → 济, 表 → 民): still the label.
    expect(rep('毛国海', {}, '济定代民人').value).toBe('毛国海');
  });

  it('doubts a given name with a look-alike close behind, and puts back a surname misread as a stray before another', () => {
    const rep = (name: string, chars: Record<number, [number, Array<[string, number]>]>) => {
      const page = withRunnersUp(syntheticPage(1700, 1200, [
        [170, [['统一社会信用代码', 120]]],
        [215, [[USCC, 120]]],
        [550, [['名称', 120], ['侯马市兴农农业科技有限公司', 330]]],
        [750, [['法定代表人', 120], [name, 330]]],
      ]), name, chars);
      return buildLicenceResult(page, 0).fields.legalRepresentative;
    };
    // 孔豪云 read 孔象云 (象 81, 豪 6): shown certain before.
    expect(rep('孔象云', { 1: [81, [['豪', 6], ['家', 5]]] })).toMatchObject({ value: '孔象云', uncertain: true });
    // A runner-up under a twentieth of the reading (玉 97, 王 3) leaves the name sure.
    expect(rep('熊春玉', { 2: [97, [['王', 3]]] })).toMatchObject({ value: '熊春玉', uncertain: false });
    // 郭华文 read 享华文 (享 81, 郭 5): 享 is no surname and 华 is, but 郭 behind it is the surname misread.
    expect(rep('享华文', { 0: [81, [['郭', 5], ['尊', 3]]] })).toMatchObject({ value: '郭华文', uncertain: true });
    // With no surname behind it, the stray is dropped as before.
    expect(rep('享华文', { 0: [81, [['尊', 3]]] }).value).toBe('华文');
    // Judged before rounding: a character at 74.6 is shown as 75 and is still below the line.
    expect(rep('王秀英', { 1: [74.6, []] })).toMatchObject({ confidence: 75, uncertain: true });
  });

  it('doubts an address whose house number has a look-alike digit close behind, or that stops before its unit', () => {
    const read = (address: string, chars: Record<number, [number, Array<[string, number]>]> = {}) => buildLicenceResult(withRunnersUp(syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], ['株洲华泰机械设备有限公司', 330]]],
      [650, [['住所', 120], [address, 330]]],
    ]), address, chars), 0).fields.address;
    // 155 read 156: 6 at 90 with 5 at 8.
    expect(read('湖南省株洲市石峰区文化路156号', { 14: [90, [['5', 8]]] }).uncertain).toBe(true);
    expect(read('湖南省株洲市石峰区文化路156号', { 14: [99, [['5', 0.8]]] }).uncertain).toBe(false);
    // 495 read 195: 1 at 97.7 with 4 at 1.7.
    expect(read('西藏自治区昌都地区昌都县和谐路195号', { 15: [97.7, [['4', 1.7]]] }).uncertain).toBe(true);
    // A wrapped row not joined (…中山 of 中山路59号) leaves an address that ends in no unit.
    expect(read('湖南省株洲市石峰区中山').uncertain).toBe(true);
    expect(read('湖南省株洲市石峰区团结村').uncertain).toBe(false);
  });

  it('finds an address whose lost label was misread into it, at its province (住 所 read 理新 before 内蒙古…)', () => {
    const f = buildLicenceResult(syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], ['二连浩特天成机械设备有限公司', 330]]],
      [650, [['理新内蒙古自治区锡林郭勒盟二连浩特市复兴路448号', 120]]],
    ]), 0).fields;
    expect(f.address.value).toBe('内蒙古自治区锡林郭勒盟二连浩特市复兴路448号');
  });

  it("settles an address head equally near two regions (戈江区: 弋江区, 鸠江区) by the recogniser's runner-up", () => {
    const page = (chars: Record<number, [number, Array<[string, number]>]>) => withRunnersUp(syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], ['戈江华泰机械设备有限公司', 330]]],
      [750, [['住所', 120], ['安徽省芜湖市戈江区建设路149号', 330]]],
    ]), '安徽省芜湖市戈江区建设路149号', chars);
    const f = buildLicenceResult(page({ 6: [78, [['代', 6], ['弋', 5], ['式', 3]]] }), 0).fields;
    expect(f.address).toMatchObject({ value: '安徽省芜湖市弋江区建设路149号', corrected: { reason: 'region-table' } });
    expect(f.companyName.value).toBe('弋江华泰机械设备有限公司');
    // Without a runner-up to tell them apart, the address is left as read.
    expect(buildLicenceResult(page({}), 0).fields.address.value).toBe('安徽省芜湖市戈江区建设路149号');
  });

  it('keeps a name that starts with its county as written, drops the title\'s （副本） from it, and doubts an address ending in a digit', () => {
    const page = withRunnersUp(syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], ['陇西兴农农业科技有限公司（副本）', 330]]],
      [650, [['住所', 120], ['甘肃省定西市陇西县兴业大道240', 330]]],
    ]), '陇西兴农农业科技有限公司（副本）', { 0: [60, [['定', 30]]] });
    const f = buildLicenceResult(page, 0).fields;
    // 定西 (the prefecture) is one character from 陇西 (the county): the name is right as read.
    expect(f.companyName.value).toBe('陇西兴农农业科技有限公司');
    expect(f.address).toMatchObject({ value: '甘肃省定西市陇西县兴业大道240', uncertain: true });
  });

  it('doubts a name with empty brackets (the county they held lost) and an address with a Latin letter for a digit, however surely read', () => {
    const read = (name: string, address: string) => buildLicenceResult(syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], [name, 330]]],
      [650, [['住所', 120], [address, 330]]],
    ]), 0).fields;
    const lost = read('丰禾（）汽车服务有限公司', '湖南省郴州市永兴县幸福大街263号1楼21o室');
    expect(lost.companyName).toMatchObject({ value: '丰禾（）汽车服务有限公司', uncertain: true });
    expect(lost.address.uncertain).toBe(true);
    expect(read('丰禾（攸）汽车服务有限公司', '湖南省郴州市永兴县幸福大街263号1楼2O6室').address.uncertain).toBe(true);
    const whole = read('丰禾（攸）汽车服务有限公司', '湖南省郴州市永兴县幸福大街265号A座2816室');
    expect(whole.companyName).toMatchObject({ value: '丰禾（攸）汽车服务有限公司', uncertain: false });
    expect(whole.address).toMatchObject({ value: '湖南省郴州市永兴县幸福大街265号A座2816室', uncertain: false });
  });

  it('doubts a legal representative whose weak last character was left out, and reads a 住所 after one whose value was empty', () => {
    const page = withRunnersUp(syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], ['侯马市兴农农业科技有限公司', 330]]],
      [650, [['住所', 980]]],
      [750, [['法定代表人', 120], ['王秀蓉', 330], ['住所', 980], ['山西省临汾市侯马市新田乡东庄村', 1190]]],
    ]), '王秀蓉', { 2: [25, [['容', 20]]] });
    const f = buildLicenceResult(page, 0).fields;
    expect(f.legalRepresentative).toMatchObject({ value: '王秀', uncertain: true });
    expect(f.address.value).toBe('山西省临汾市侯马市新田乡东庄村');
  });

  it('doubts a name whose box holds ink read as nothing past its last character, and puts back a place lost before the company name', () => {
    // As PP-OCR lays out its boxes: a box runs on about half its height (here 32 px) past its end characters' centres.
    const unread = (page: OcrPage, text: string, before: number, after: number): OcrPage => {
      const word = page.lines.flatMap((l) => l.words).find((w) => w.text === text)!;
      [word.unreadBefore, word.unreadAfter] = [before, after];
      return page;
    };
    const page = (person: string, name: string, personAfter: number, nameBefore: number): OcrPage => unread(unread(syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], [name, 330]]],
      [650, [['住所', 120], ['重庆市涪陵区和谐路160号', 330]]],
      [750, [['法定代表人', 120], [person, 330]]],
    ]), person, 17, personAfter), name, nameBefore, 17);
    const clean = buildLicenceResult(page('黄建', '涪陵恒信农业开发有限公司', 17, 17), 0).fields;
    expect(clean.legalRepresentative).toMatchObject({ value: '黄建', uncertain: false });
    expect(clean.companyName).toMatchObject({ value: '涪陵恒信农业开发有限公司', uncertain: false });
    // 骉 of 黄建骉 is not among the recogniser's characters: read as nothing, its ink still in the box (40 px on).
    const lost = buildLicenceResult(page('黄建', '陵恒信农业开发有限公司', 40, 40), 0).fields;
    expect(lost.legalRepresentative).toMatchObject({ value: '黄建', uncertain: true });
    // 涪 lost on a photo before 陵: the address's 涪陵 is put back, for the teller to check.
    expect(lost.companyName).toMatchObject({ value: '涪陵恒信农业开发有限公司', uncertain: true, corrected: { reason: 'name-place' } });
    // Without the unread ink a name may well start with a place's second character: left as read, but doubted.
    expect(buildLicenceResult(page('黄建', '陵恒信农业开发有限公司', 17, 17), 0).fields.companyName).toMatchObject({ value: '陵恒信农业开发有限公司', uncertain: true });
  });

  it('doubts a legal representative with a character read as nothing between two others (郭垚兴 read 郭兴)', () => {
    const person = (spans: Array<[number, number]>) => {
      const page = syntheticPage(1700, 1200, [
        [170, [['统一社会信用代码', 120]]],
        [215, [[USCC, 120]]],
        [550, [['名称', 120], ['涪陵恒信农业开发有限公司', 330]]],
        [750, [['法定代表人', 120], ['郭兴', 330]]],
      ]);
      Object.assign(page.lines.flatMap((l) => l.words).find((w) => w.text === '郭兴')!, { charSpans: spans });
      return buildLicenceResult(page, 0).fields.legalRepresentative;
    };
    expect(person([[330, 360], [360, 390]])).toMatchObject({ value: '郭兴', uncertain: false });
    expect(person([[330, 360], [370, 400]])).toMatchObject({ value: '郭兴', uncertain: true });
  });

  it('doubts a company name whose short place lost a character or has a stray mark in front (dropped)', () => {
    const name = (value: string, address = '新疆维吾尔自治区吐鲁番市鄯善县人民路12号') => buildLicenceResult(syntheticPage(1700, 1200, [
      [170, [['统一社会信用代码', 120]]],
      [215, [[USCC, 120]]],
      [550, [['名称', 120], [value, 330]]],
      [650, [['住所', 120], [address, 330]]],
    ]), 0).fields.companyName;
    expect(name('鄯善华泰果蔬种植有限公司')).toMatchObject({ value: '鄯善华泰果蔬种植有限公司', uncertain: false });
    // 鄯 lost: 善… is left as read (a name may start so), for the teller to look at.
    expect(name('善华泰果蔬种植有限公司')).toMatchObject({ value: '善华泰果蔬种植有限公司', uncertain: true });
    expect(name('和鄯善华泰果蔬种植有限公司')).toMatchObject({ value: '鄯善华泰果蔬种植有限公司', uncertain: true, corrected: { reason: 'name-place' } });
    // 三门峡 (a place of three characters) with its middle one lost.
    expect(name('三峡华泰果蔬种植有限公司', '河南省三门峡市渑池县人民路12号').uncertain).toBe(true);
    // A name that is not named after its place at all is left alone.
    expect(name('华泰果蔬种植有限公司')).toMatchObject({ value: '华泰果蔬种植有限公司', uncertain: false });
  });

  it('recognises a licence and compares it with the company record', () => {
    expect(looksLikeLicence(licence())).toBe(true);
    const r = buildLicenceResult(licence(), 0);
    expect(compareCompany(r.fields, { companyName: '侯马市兴农农业科技有限公司', uscc: USCC, legalRepresentative: '王秀英' })).toEqual([]);
    const diffs = compareCompany(r.fields, { companyName: '侯马市兴农科技有限公司', uscc: USCC });
    expect(diffs.map((d) => d.field)).toEqual(['companyName']);
  });
});
