import type { CheckCode, CorrectionReason, FieldCorrection } from './types';

const CORRECTIONS: Record<CorrectionReason, [string, string]> = {
  'confusable-chars': ['形近字符已替换（如 O→0、l→1）', 'look-alike characters replaced (O→0, l→1)'],
  'id-check-digit': ['按身份证校验码修正了一位误识字符', 'one misread character repaired using the ID check character'],
  'id-birth-date': ['按“出生”一栏修正了号码中的出生日期', 'birth date digits repaired from the 出生 line'],
  'id-region': ['按住址的行政区划修正了号码前六位', 'region code repaired from the address'],
  'birth-date-from-id': ['出生日期按已校验的身份证号码修正', 'birth date taken from the validated ID number'],
  'sex-from-id': ['性别按已校验的身份证号码修正', 'sex taken from the validated ID number'],
  'authority-ending': ['签发机关均以“公安局”或“分局”结尾，已补全行末漏识或被截去的“局”或“分局”，请核对', 'an issuing authority always ends in 公安局 or 分局: the 局 or 分局 lost or cut off at the end of the line was added; please check'],
  'region-table': ['地址开头按行政区划代码表（GB/T 2260）修正', 'address prefix repaired from the GB/T 2260 region table'],
  surname: ['姓氏形近字已替换（如 候→侯）', 'look-alike surname replaced (候→侯)'],
  'ethnicity-list': ['民族按 56 个民族名称修正', 'ethnicity matched to the list of 56 ethnic groups'],
  'uscc-check-digit': ['按统一社会信用代码校验码修正了一位误识字符', 'one misread character repaired using the USCC check character'],
  'capital-numerals': ['注册资本中的大写数字形近字已替换', 'look-alike upper-case numerals in the registered capital replaced'],
  'company-type-list': ['企业类型按登记类型名称修正', 'company type matched to the registered type names'],
  'name-place': ['名称开头的地名按住所的行政区划修正', 'place name at the start of the company name repaired from the address region'],
  'issue-date-from-age': ['签发日期未识别，已按有效期截止日和持证人年龄（法定有效期 5、10、20 年）推算，请核对', 'the issue date was not read: worked out from the expiry and the holder\'s age (5, 10 or 20 years by law); please check'],
  'second-reading': ['由第二识别引擎复读，并经校验码确认', 'read again by the second engine and confirmed by the check character'],
};

export function correction(from: string, reason: CorrectionReason): FieldCorrection {
  const [messageZh, messageEn] = CORRECTIONS[reason];
  return { from, reason, messageZh, messageEn };
}

type CheckText = { ok: [string, string]; fail: [string, string] };

export const CHECK_TEXT: Record<CheckCode, CheckText> = {
  'id.checkDigit': { ok: ['公民身份号码校验通过', 'ID number check character is correct'], fail: ['公民身份号码校验未通过', 'ID number failed validation'] },
  'id.region': { ok: ['号码前六位为有效行政区划代码', 'region code exists'], fail: ['号码前六位不是有效的行政区划代码', 'region code does not exist'] },
  'id.birthDateMatches': { ok: ['出生日期与号码一致', 'birth date agrees with the ID number'], fail: ['出生日期与号码不一致', 'birth date disagrees with the ID number'] },
  'id.sexMatches': { ok: ['性别与号码一致', 'sex agrees with the ID number'], fail: ['性别与号码不一致（号码第 17 位奇数为男、偶数为女）', 'sex disagrees with the ID number (17th digit odd = male)'] },
  'id.notExpired': { ok: ['证件在有效期内', 'card is within its validity period'], fail: ['证件已过有效期或有效期无法识别', 'card has expired or its validity period could not be read'] },
  'licence.uscc': { ok: ['统一社会信用代码格式正确', 'USCC is well-formed'], fail: ['统一社会信用代码格式不正确', 'USCC is malformed'] },
  'licence.usccCheckDigit': {
    ok: ['统一社会信用代码校验码正确', 'USCC check character is correct'],
    fail: ['统一社会信用代码校验码不符（早期试点代码可能如此，请人工核对）', 'USCC check character does not match (some early pilot codes do; verify by hand)'],
  },
};

export const ID_RULE_ZH: Record<string, string> = {
  required: '未识别到号码',
  length: '长度应为 18 位',
  charset: '只能是 17 位数字加数字或 X',
  region: '前六位行政区划代码不存在',
  birthDate: '出生日期无效',
  checkDigit: '校验码不符',
};

export const ID_RULE_EN: Record<string, string> = {
  required: 'no number was read',
  length: 'must be 18 characters',
  charset: 'must be 17 digits then a digit or X',
  region: 'region code does not exist',
  birthDate: 'birth date is not a real date',
  checkDigit: 'check character does not match',
};
