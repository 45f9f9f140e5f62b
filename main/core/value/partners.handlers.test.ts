import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissionStatement, DEFAULT_COMMISSION_RULES, partnerStatementDoc } from '../../../domain/value/partners';
import { generateHeadOfficeKeys, signerOf } from '../../../trust/head-office-keys';
import { signDoc } from '../../../trust/signature';
import { createTestCore } from '../testing/test-core';

const statement = (month: string, branch = 'HM01') =>
  partnerStatementDoc(commissionStatement({
    branch, month, rules: DEFAULT_COMMISSION_RULES,
    partners: [
      { code: `${branch}-AAAAAA`, branch, name: '张记五金', kind: 'merchant', enrolledOn: '2026-09-01' },
      { code: `${branch}-BBBBBB`, branch, name: '东阳村李主任', kind: 'village-official', enrolledOn: '2026-09-01' },
    ],
    applications: [{ id: 'a1', partnerCode: `${branch}-BBBBBB`, idNo: 'ID1', createdOn: `${month}-02`, submitted: true }],
    loans: [{ account: 'L1', idNo: 'ID1', principalFen: 10_000_000, disbursedOn: `${month}-05` }],
  }));

let t: Awaited<ReturnType<typeof createTestCore>>;
let token: string;
beforeAll(async () => {
  t = await createTestCore();
  token = await t.login('M001');
}, 120_000);
afterAll(() => t.dispose());

describe('value.partners', () => {
  it('ranks the partners of head office\'s signed statement, newest month first; ignores unsigned, forged and other-branch statements', async () => {
    expect(await t.call('value.partners', {}, token)).toBeNull();
    const forger = signerOf(generateHeadOfficeKeys(true));
    await t.putSigned([
      signDoc(statement('2026-10'), signerOf(t.headOffice)),
      signDoc(statement('2026-11'), signerOf(t.headOffice)),
      // A later month signed by another key, and another branch's statement: as if absent.
      signDoc(statement('2026-12'), forger),
      signDoc({ ...statement('2027-01', 'HM02'), _id: 'partner-statement:HM01:2027-01' }, signerOf(t.headOffice)),
    ]);
    const board = await t.call('value.partners', {}, token);
    expect(board).toMatchObject({ month: '2026-11', months: ['2026-11', '2026-10'], partners: 2, effectivePartners: 1, totalFen: 320_00, rulesVersion: 1 });
    expect(board!.lines.map((l) => [l.rank, l.code, l.commissionFen])).toEqual([[1, 'HM01-BBBBBB', 320_00], [2, 'HM01-AAAAAA', 0]]);
    expect((await t.call('value.partners', { month: '2026-10' }, token))?.month).toBe('2026-10');
    expect(await t.call('value.partners', { month: '2026-12' }, token)).toBeNull();
    const teller = await t.login('T001');
    expect((await t.fail('value.partners', {}, teller)).code).toBe('FORBIDDEN');
  });
});
