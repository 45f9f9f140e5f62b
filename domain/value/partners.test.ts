import { describe, expect, it } from 'vitest';
import {
  commissionRulesSchema, commissionStatement, DEFAULT_COMMISSION_RULES, makePartnerCode, partnerCodeBranch, partnerCodeFromScan, partnerCodeSchema,
  partnerQrText, payoutCsv, type AttributedApplication, type Partner,
} from './partners';

const partners: Partner[] = [
  { code: 'HM01-AAAAAA', branch: 'HM01', name: '张记五金', kind: 'merchant', enrolledOn: '2026-09-01' },
  { code: 'HM01-BBBBBB', branch: 'HM01', name: '东阳村李主任', kind: 'village-official', enrolledOn: '2026-09-01' },
  { code: 'HM01-CCCCCC', branch: 'HM01', name: '新田市场王经理', kind: 'market-manager', enrolledOn: '2026-09-01' },
  { code: 'HM02-AAAAAA', branch: 'HM02', name: '别的支行', kind: 'merchant', enrolledOn: '2026-09-01' },
];
const app = (id: string, partnerCode: string, idNo: string, createdOn: string, submitted = true): AttributedApplication => ({ id, partnerCode, idNo, createdOn, submitted });

describe('partner codes', () => {
  it('name their branch, avoid look-alike characters and come out of a scanned QR text', () => {
    const code = makePartnerCode('HM01', new Uint8Array([0, 1, 2, 29, 30, 31]));
    expect(code).toBe('HM01-234YZ2');
    expect(partnerCodeBranch(code)).toBe('HM01');
    expect(partnerCodeBranch('HM01-7K3F9O')).toBeNull();
    expect(partnerCodeFromScan(` ${partnerQrText('HM01-7K3F9Q').toLowerCase()} `)).toBe('HM01-7K3F9Q');
    expect(partnerCodeSchema.parse(' hm01-7k3f9q ')).toBe('HM01-7K3F9Q');
    expect(partnerCodeSchema.safeParse('HM01-7K3F9').error?.issues[0]?.message).toContain('推荐码应为');
  });
});

describe('the monthly commission statement', () => {
  const statement = (applications: AttributedApplication[], loans: { account: string; idNo: string; principalFen: number; disbursedOn: string }[]) =>
    commissionStatement({ branch: 'HM01', month: '2026-11', rules: DEFAULT_COMMISSION_RULES, partners, applications, loans });

  it('pays per submitted application and a capped share of each loan core banking disbursed that month to a customer the code brought', () => {
    const st = statement(
      [app('a1', 'HM01-AAAAAA', 'ID1', '2026-11-03'), app('a2', 'HM01-BBBBBB', 'ID2', '2026-11-04'), app('a3', 'HM01-BBBBBB', 'ID3', '2026-11-05', false)],
      [
        { account: 'L1', idNo: 'ID1', principalFen: 10_000_000, disbursedOn: '2026-11-10' }, // 0.3% = 300 yuan
        { account: 'L2', idNo: 'ID2', principalFen: 50_000_000, disbursedOn: '2026-11-12' }, // 1,500 yuan capped at 500
        { account: 'L9', idNo: 'ID9', principalFen: 50_000_000, disbursedOn: '2026-11-12' }, // nobody's customer
      ],
    );
    expect(st.lines.map((l) => [l.code, l.applications, l.submitted, l.loans, l.commissionFen, l.effective])).toEqual([
      ['HM01-BBBBBB', 2, 1, 1, 20_00 + 500_00, true],
      ['HM01-AAAAAA', 1, 1, 1, 20_00 + 300_00, true],
      ['HM01-CCCCCC', 0, 0, 0, 0, false],
    ]);
    expect(st).toMatchObject({ partners: 3, effectivePartners: 2, totalFen: 840_00, rulesVersion: 1 });
    expect(st.lines[0]!.loanAccounts).toEqual(['L2']);
    expect(payoutCsv(st)).toBe('month,branch,partner_code,partner_name,amount,rules_version\n2026-11,HM01,HM01-BBBBBB,东阳村李主任,520.00,1\n2026-11,HM01,HM01-AAAAAA,张记五金,320.00,1\n');
  });

  it('gives a loan to one partner only: the earliest application before it; later, unknown or other-branch codes earn nothing', () => {
    const st = statement(
      [
        app('a1', 'HM01-AAAAAA', 'ID1', '2026-10-20'),
        app('a2', 'HM01-BBBBBB', 'ID1', '2026-11-02'),
        app('a3', 'HM01-CCCCCC', 'ID2', '2026-11-20'), // after the loan: it did not lead to it
        app('a4', 'HM01-ZZZZZZ', 'ID3', '2026-11-01'), // not enrolled at head office
        app('a5', 'HM02-AAAAAA', 'ID4', '2026-11-01'), // another branch's partner
      ],
      [
        { account: 'L1', idNo: 'ID1', principalFen: 1_000_000, disbursedOn: '2026-11-05' },
        { account: 'L2', idNo: 'ID2', principalFen: 1_000_000, disbursedOn: '2026-11-10' },
        { account: 'L3', idNo: 'ID3', principalFen: 1_000_000, disbursedOn: '2026-11-10' },
        { account: 'L4', idNo: 'ID4', principalFen: 1_000_000, disbursedOn: '2026-11-10' },
      ],
    );
    const by = Object.fromEntries(st.lines.map((l) => [l.code, l]));
    expect(by['HM01-AAAAAA']).toMatchObject({ applications: 0, loans: 1, commissionFen: 30_00, effective: true });
    expect(by['HM01-BBBBBB']).toMatchObject({ applications: 1, submitted: 1, loans: 0, commissionFen: 20_00, effective: false });
    expect(by['HM01-CCCCCC']).toMatchObject({ applications: 1, loans: 0, effective: false });
    expect(st.lines.map((l) => l.code)).not.toContain('HM01-ZZZZZZ');
    expect(st.totalFen).toBe(70_00);
  });

  it('counts a partner effective for a loan of an earlier month but pays it only in its month; the monthly cap holds', () => {
    const rules = { ...DEFAULT_COMMISSION_RULES, version: 2, monthlyCapFen: 25_00 };
    const st = commissionStatement({
      branch: 'HM01', month: '2026-11', rules, partners,
      applications: [app('a1', 'HM01-AAAAAA', 'ID1', '2026-09-01'), app('a2', 'HM01-BBBBBB', 'ID2', '2026-11-01'), app('a3', 'HM01-BBBBBB', 'ID3', '2026-11-01')],
      loans: [{ account: 'L1', idNo: 'ID1', principalFen: 1_000_000, disbursedOn: '2026-10-05' }],
    });
    const by = Object.fromEntries(st.lines.map((l) => [l.code, l]));
    expect(by['HM01-AAAAAA']).toMatchObject({ loans: 0, commissionFen: 0, effective: true });
    expect(by['HM01-BBBBBB']).toMatchObject({ applications: 2, commissionFen: 25_00 });
    expect(st.rulesVersion).toBe(2);
  });

  it('refuses a rules file with a rate above 100% or an unknown field', () => {
    expect(commissionRulesSchema.safeParse({ ...DEFAULT_COMMISSION_RULES, loanBp: 10_001 }).success).toBe(false);
    expect(commissionRulesSchema.safeParse({ ...DEFAULT_COMMISSION_RULES, bonus: 1 }).success).toBe(false);
    expect(commissionRulesSchema.safeParse({ ...DEFAULT_COMMISSION_RULES, perApplicationFen: 1.5 }).success).toBe(false);
  });
});
