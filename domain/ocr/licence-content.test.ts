import { describe, expect, it } from 'vitest';
import { buildLicenceResult } from './index';
import { COMPANY_TYPES, nearestCompanyType, wellMadeAmount } from './licence-content';
import { syntheticPage } from './synthetic-page';

describe('company types', () => {
  it('keeps a type that is one of the registered ones, however near another it is', () => {
    expect(nearestCompanyType('其他有限责任公司')).toBe('其他有限责任公司');
    expect(nearestCompanyType('有限责任公司')).toBe('有限责任公司');
    expect(nearestCompanyType('股份有限公司（非上市、自然人投资或控股）')).toBe('股份有限公司（非上市、自然人投资或控股）');
    expect(nearestCompanyType('有限责任公司分公司（自然人独资）')).toBe('有限责任公司分公司（自然人独资）');
  });

  it('snaps a reading one or two misread characters from a single nearest type, and nothing else', () => {
    expect(nearestCompanyType('股份有限公司（非上市、自然人投资或控殷）')).toBe('股份有限公司（非上市、自然人投资或控股）');
    expect(nearestCompanyType('其他有限责仕公司')).toBe('其他有限责任公司');
    // As near to 其他有限责任公司 as to 有限责任公司: no guess.
    expect(nearestCompanyType('他有限责任公司')).toBeUndefined();
    // Two- and three-character values (a name, a date's words) are never a type.
    expect(nearestCompanyType('王芳')).toBeUndefined();
    expect(nearestCompanyType('李建国')).toBeUndefined();
    expect(COMPANY_TYPES.every((t) => t.length >= 4)).toBe(true);
  });

  it('reads a type with the 、 between its investor kinds, also when the recogniser took it for a comma', () => {
    const page = (type: string) => syntheticPage(1700, 1200, [
      [550, [['名称', 120], ['侯马市兴农农业科技股份有限公司', 330], ['注册资本', 980], ['壹佰万元整', 1190]]],
      [650, [['类型', 120], [type, 330], ['成立日期', 980], ['2015年03月02日', 1190]]],
    ]);
    for (const read of ['股份有限公司（非上市、自然人投资或控股）', '股份有限公司(非上市，自然人投资或控股)']) {
      const f = buildLicenceResult(page(read), 0).fields.companyType;
      expect(f.value).toBe('股份有限公司（非上市、自然人投资或控股）');
      expect(f.uncertain).toBe(false);
    }
  });

  it('joins a type wrapped inside its bracket onto the next row, and does not pass off the cut reading as a shorter type', () => {
    const rows = (second: boolean) => syntheticPage(1700, 1200, [
      [550, [['名称', 120], ['侯马市兴农农业科技有限公司', 330], ['注册资本', 980], ['壹佰万元整', 1190]]],
      [650, [['类型', 120], ['有限责任公司（非自然人投资或控股', 330], ['成立日期', 980], ['2015年03月02日', 1190]]],
      ...(second ? [[694, [['的法人独资）', 330]]] as [number, [string, number][]]] : []),
      [750, [['法定代表人', 120], ['王秀英', 330]]],
    ]);
    const whole = buildLicenceResult(rows(true), 0).fields.companyType;
    expect(whole.value).toBe('有限责任公司（非自然人投资或控股的法人独资）');
    expect(whole.uncertain).toBe(false);
    // Its second row lost: the nearest type (自然人投资或控股, one 非 away) may be wrong — the teller checks it.
    expect(buildLicenceResult(rows(false), 0).fields.companyType.uncertain).toBe(true);
  });
});

describe('amounts of registered capital', () => {
  it('takes an amount written as upper-case amounts are, or in digits', () => {
    for (const a of ['壹仟零伍拾万元', '叁佰零捌万元整', '捌拾捌万元整', '壹拾万元整', '伍万元整', '壹亿零伍佰万元', '人民币壹佰万元整', '壹佰万元人民币', '100万元', '50.5万元']) expect(wellMadeAmount(a), a).toBe(true);
  });

  it('refuses one whose numeral was lost, doubled or put out of order', () => {
    for (const a of ['拾捌万元整', '拾万元整', '佰万元', '捌捌万元', '壹仟佰万元', '伍拾伍佰万元', '零伍万元', '万元', '元整']) expect(wellMadeAmount(a), a).toBe(false);
  });
});
