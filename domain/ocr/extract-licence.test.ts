import { describe, expect, it } from 'vitest';
import { usccCheckChar } from '../identity/uscc';
import { orgCodeCheckChar } from './extract-licence';
import { buildLicenceResult, compareCompany, looksLikeLicence } from './index';
import { syntheticPage } from './synthetic-page';

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

describe('licence extraction', () => {
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

  it('replaces look-alikes of the upper-case numerals in the registered capital', () => {
    const r = buildLicenceResult(licence(USCC, '喜佰万元整'), 0);
    expect(r.fields.registeredCapital).toMatchObject({ value: '壹佰万元整', corrected: { reason: 'capital-numerals' } });
  });

  it('snaps a slightly misread company type to the registered type names', () => {
    const r = buildLicenceResult(licence(USCC, '壹佰万元整', '有限责任公司(自然人投资或控殷)'), 0);
    expect(r.fields.companyType).toMatchObject({ value: '有限责任公司（自然人投资或控股）', corrected: { reason: 'company-type-list' } });
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

  it('recognises a licence and compares it with the company record', () => {
    expect(looksLikeLicence(licence())).toBe(true);
    const r = buildLicenceResult(licence(), 0);
    expect(compareCompany(r.fields, { companyName: '侯马市兴农农业科技有限公司', uscc: USCC, legalRepresentative: '王秀英' })).toEqual([]);
    const diffs = compareCompany(r.fields, { companyName: '侯马市兴农科技有限公司', uscc: USCC });
    expect(diffs.map((d) => d.field)).toEqual(['companyName']);
  });
});
