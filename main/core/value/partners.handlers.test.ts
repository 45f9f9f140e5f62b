import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE, formatDate } from '../../../domain/time/branch-time';
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

    // A checked statement is remembered at its revision only: a forged revision written over it is not trusted.
    const stored = await t.core.store.pouch.get('partner-statement:HM01:2026-11');
    await t.core.store.pouch.put({ ...signDoc(statement('2026-11'), forger), _rev: stored._rev });
    expect((await t.call('value.partners', {}, token))?.month).toBe('2026-10');
  });
});

describe('value.enrolPartner and value.enrolledPartners', () => {
  it('enrols a partner with a new code of this branch, audited; the list shows their referrals and head office\'s commission', async () => {
    const p = await t.call('value.enrolPartner', { partnerName: ' 侯马建材市场赵经理 ', partnerKind: 'market-manager', partnerPhone: '13903570009', partnerPlace: '侯马建材市场' }, token);
    expect(p).toMatchObject({ name: '侯马建材市场赵经理', kind: 'market-manager', phone: '13903570009', place: '侯马建材市场', enrolledByName: '测试M001', referrals: [], commission: null });
    expect(p.code).toMatch(/^HM01-[2-9A-HJKMNP-Z]{6}$/);
    expect(p.qrText).toBe(`JINGWEI-PARTNER:${p.code}`);
    const stored = await t.core.store.pouch.get(`partner:${p.code}`);
    expect(stored).toMatchObject({ type: 'partner', branch: 'HM01', code: p.code, enrolledBy: 'M001' });
    const audit = await t.core.store.pouch.allDocs({ startkey: 'audit:', endkey: 'audit:\ufff0', include_docs: true });
    expect(audit.rows.map((r) => r.doc as { action?: string; entity?: string }).filter((d) => d.action === 'value.enrolPartner').map((d) => d.entity)).toEqual([`partner:${p.code}`]);

    // An application brought through the code (as the credit screens write it) and head office's statement naming it.
    const c = await t.call('customers.create', {
      customer: { kind: 'individual', name: '赵六', idNumber: '11010519491231002X', phone: '13803571234', address: '山西省侯马市浍滨街道', group: 'civil-servant' },
    }, token);
    const app = await t.call('loans.createDraft', { customerId: c.id, productCode: 'gold-collar', partnerCode: p.code }, token);
    await t.putSigned([signDoc(partnerStatementDoc(commissionStatement({
      branch: 'HM01', month: '2027-02', rules: DEFAULT_COMMISSION_RULES, partners: [{ code: p.code, branch: 'HM01', name: p.name, kind: p.kind, enrolledOn: p.enrolledOn }],
      applications: [{ id: 'a', partnerCode: p.code, idNo: 'ID9', createdOn: '2027-02-07', submitted: true }], loans: [{ account: 'L9', idNo: 'ID9', principalFen: 5_000_000, disbursedOn: '2027-02-08' }],
    })), signerOf(t.headOffice))]);
    const list = await t.call('value.enrolledPartners', {}, token);
    expect(list.statementMonth).toBe('2027-02');
    expect(list.partners.map((x) => x.code)).toEqual([p.code]);
    expect(list.partners[0]!.referrals).toEqual([{ applicationId: app.id, customerName: '赵六', createdOn: formatDate(app.createdAt, DEFAULT_TIME_ZONE), amountFen: app.requestedAmountFen, state: 'draft' }]);
    expect(list.partners[0]!.commission).toMatchObject({ month: '2027-02', loans: 1, commissionFen: 20_00 + 150_00, effective: true });
  });

  it('refuses a phone already enrolled, a bad phone, no name or kind, and a teller — each in Chinese, nothing written', async () => {
    const before = (await t.core.store.pouch.allDocs({ startkey: 'partner:', endkey: 'partner:\ufff0' })).rows.length;
    const head = await t.login('H001');
    const taken = await t.fail('value.enrolPartner', { partnerName: '另一人', partnerKind: 'merchant', partnerPhone: '13903570009' }, head);
    expect(taken.code).toBe('CONFLICT');
    expect(taken.message).toMatch(/^手机号 13903570009 已登记为合伙人 侯马建材市场赵经理（推荐码 HM01-\w{6}），不能重复登记$/);
    expect((await t.fail('value.enrolPartner', { partnerName: '张记五金', partnerKind: 'merchant', partnerPhone: '1390357000' }, head)).message).toBe('手机号格式不正确，请核对后重新输入');
    expect((await t.fail('value.enrolPartner', { partnerName: '  ', partnerKind: 'merchant', partnerPhone: '13903570010' }, head)).message).toMatch(/合伙人姓名或店名/);
    expect((await t.fail('value.enrolPartner', { partnerName: '张记五金', partnerKind: 'landlord', partnerPhone: '13903570010' }, head)).message).toMatch(/合伙人类别/);
    expect((await t.fail('value.enrolPartner', { partnerName: '张记五金', partnerKind: 'merchant', partnerPhone: '13903570010' }, await t.login('T001'))).code).toBe('FORBIDDEN');
    expect((await t.core.store.pouch.allDocs({ startkey: 'partner:', endkey: 'partner:\ufff0' })).rows.length).toBe(before);
    // The branch head may enrol too.
    expect((await t.call('value.enrolPartner', { partnerName: '张记五金', partnerKind: 'merchant', partnerPhone: '13903570010' }, head)).enrolledByName).toBe('测试H001');
  });

  it('finds a mobile number enrolled on another device of the branch (arrived by sync) through the partner index, not by reading every partner', async () => {
    const synced = {
      _id: 'partner:HM01-ZZZZ22', type: 'partner', branch: 'HM01', code: 'HM01-ZZZZ22', name: '东阳村王主任', kind: 'village-official', phone: '13903570077',
      place: '东阳村', enrolledOn: '2026-11-02', enrolledAt: '2026-11-02T02:00:00.000Z', enrolledBy: 'M002', enrolledByName: '张丽',
    };
    // A document whose id and code disagree is nobody's partner: its number stays free.
    const mismatched = { ...synced, _id: 'partner:HM01-YYYY22', phone: '13903570078' };
    await t.core.store.pouch.bulkDocs([synced, mismatched]);
    const rows = t.core.store.sql.prepare("SELECT code, phone FROM partner_index WHERE phone IN ('13903570077', '13903570078')").all();
    expect(rows).toEqual([{ code: 'HM01-ZZZZ22', phone: '13903570077' }]);
    const taken = await t.fail('value.enrolPartner', { partnerName: '王主任', partnerKind: 'village-official', partnerPhone: '13903570077' }, token);
    expect(taken.message).toBe('手机号 13903570077 已登记为合伙人 东阳村王主任（推荐码 HM01-ZZZZ22），不能重复登记');
    expect((await t.call('value.enrolPartner', { partnerName: '王会计', partnerKind: 'village-official', partnerPhone: '13903570078' }, token)).phone).toBe('13903570078');
    // Deleted at the branch (a purge or a correction from head office): the number may be enrolled again.
    const stored = await t.core.store.pouch.get('partner:HM01-ZZZZ22');
    await t.core.store.pouch.remove(stored);
    expect(t.core.store.sql.prepare("SELECT COUNT(*) AS n FROM partner_index WHERE code = 'HM01-ZZZZ22'").get()).toEqual({ n: 0 });
  });
});
