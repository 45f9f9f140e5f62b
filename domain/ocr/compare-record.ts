import type { IdCardFields } from './extract-id-card';
import type { LicenceFields } from './extract-licence';

/** What the customer file says, for the card being checked against it. */
export interface PersonRecord { name: string; idNumber: string; sex?: 'male' | 'female'; birthDate?: string; address?: string }
export interface CompanyRecord { companyName: string; uscc: string; legalRepresentative?: string; address?: string }

export interface RecordDifference { field: string; recorded: string; recognised: string; messageZh: string; messageEn: string }

const FIELD_ZH: Record<string, string> = {
  name: '姓名', idNumber: '公民身份号码', sex: '性别', birthDate: '出生日期', address: '住址',
  companyName: '名称', uscc: '统一社会信用代码', legalRepresentative: '法定代表人',
};

/** Spacing, letter case and bracket width are not differences a teller should be shown. */
function same(a: string, b: string): boolean {
  const norm = (s: string): string => s.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）').toUpperCase();
  return norm(a) === norm(b);
}

function diff(field: string, recorded: string | undefined, recognised: string): RecordDifference[] {
  if (recorded === undefined || same(recorded, recognised)) return [];
  const zh = FIELD_ZH[field] ?? field;
  return [{
    field,
    recorded,
    recognised,
    messageZh: `${zh}与客户档案不一致：档案为“${recorded}”，证件为“${recognised || '未识别'}”`,
    messageEn: `${field} differs from the customer record: record "${recorded}", document "${recognised || 'not read'}"`,
  }];
}

export function comparePerson(f: IdCardFields, record: PersonRecord): RecordDifference[] {
  const sex = record.sex === undefined ? undefined : record.sex === 'male' ? '男' : '女';
  return [
    ...diff('name', record.name, f.name.value),
    ...diff('idNumber', record.idNumber, f.idNumber.value),
    ...diff('sex', sex, f.sex.value),
    ...diff('birthDate', record.birthDate, f.birthDate.value),
    ...diff('address', record.address, f.address.value),
  ];
}

export function compareCompany(f: LicenceFields, record: CompanyRecord): RecordDifference[] {
  return [
    ...diff('companyName', record.companyName, f.companyName.value),
    ...diff('uscc', record.uscc, f.uscc.value),
    ...diff('legalRepresentative', record.legalRepresentative, f.legalRepresentative.value),
    ...diff('address', record.address, f.address.value),
  ];
}
