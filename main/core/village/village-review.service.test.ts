import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSqlite } from '../../../db/projection';
import { openProofFor, villageApprovalSubject } from '../../../trust/staff-proof';
import { createTestCore, TEST_PASSWORD } from '../testing/test-core';
import type { VillageApprovalDoc } from './village.docs';
import { listCsv, villageList } from '../testing/household-lists';

type Grade = 'A' | 'B' | 'C' | 'D';
const score = (householdId: string, integrity: Grade, recommend: boolean, limitYuan: number) => ({ householdId, integrity, recommend, suggestedLimitFen: limitYuan * 100, reasons: recommend ? '勤劳守信' : '' });

describe('村组评议: a blind review round', () => {
  let t: Awaited<ReturnType<typeof createTestCore>>;
  let m: string;
  beforeAll(async () => {
    t = await createTestCore({ clock: () => new Date('2026-03-02T02:00:00Z') });
    m = await t.login('M001');
    const csv = listCsv(villageList(4, 21));
    await t.call('village.importHouseholds', { village: '评议村', fileName: 'list.csv', contentBase64: Buffer.from(csv).toString('base64') }, m);
  });
  afterAll(async () => t.dispose());

  it('keeps scores sealed until the round closes, then applies the rules; a second round takes the disputed households; the branch head approves the batch', async () => {
    const panel = [{ name: '王支书', role: 'cadre' as const }, { name: '李大爷', role: 'elder' as const }, { name: '张经理', role: 'manager' as const }];
    const opened = await t.call('village.openReview', { village: '评议村', panel }, m);
    const id = opened.round.id;
    const [h1, h2, h3, h4] = opened.round.households.map((h) => h.id) as [string, string, string, string];
    expect(opened.round.households).toHaveLength(4);
    expect(opened.codes.map((c) => c.code)).toEqual([expect.stringMatching(/^\d{6}$/), expect.stringMatching(/^\d{6}$/), expect.stringMatching(/^\d{6}$/)]);
    expect(JSON.stringify(await t.core.store.pouch.get(id))).not.toContain(opened.codes[0]!.code); // only digests are kept
    expect((await t.fail('village.openReview', { village: '评议村', panel }, m)).message).toContain('尚未结束');

    const code = (seat: number) => opened.codes[seat - 1]!.code;
    const seat1 = [score(h1, 'A', true, 50_000), score(h2, 'B', true, 20_000), score(h3, 'A', true, 50_000), score(h4, 'B', true, 30_000)];
    expect((await t.fail('village.submitScores', { id, seat: 1, code: code(1), scores: seat1.slice(0, 3) }, m)).message).toContain('全部4户');
    await t.call('village.submitScores', { id, seat: 1, code: code(1), scores: seat1 }, m);
    expect((await t.fail('village.submitScores', { id, seat: 1, code: code(1), scores: seat1 }, m)).message).toContain('不可修改');
    const wrong = code(2) === '000000' ? '000001' : '000000';
    expect((await t.fail('village.submitScores', { id, seat: 2, code: wrong, scores: seat1 }, m)).message).toContain('评议码不正确');

    // While open, nobody — the customer manager included — sees a score: only who has handed in.
    const during = await t.call('village.review', { id }, m);
    expect(during.results).toBeNull();
    expect(during.panel.map((p) => p.submitted)).toEqual([true, false, false]);
    expect(JSON.stringify(during)).not.toContain('勤劳守信');

    await t.call('village.submitScores', { id, seat: 2, code: code(2), scores: [score(h1, 'A', true, 60_000), score(h2, 'B', true, 80_000), score(h3, 'D', false, 0), score(h4, 'B', true, 30_000)] }, m);
    await t.call('village.submitScores', { id, seat: 3, code: code(3), scores: [score(h1, 'B', true, 70_000), score(h2, 'B', true, 50_000), score(h3, 'A', true, 50_000), score(h4, 'C', false, 0)] }, m);
    const closed = await t.call('village.closeReview', { id }, m);
    const outcome = (h: string) => closed.results![closed.households.findIndex((x) => x.id === h)]!.outcome;
    const preCredit = (h: string) => closed.households.find((x) => x.id === h)!.preCreditFen;
    expect(outcome(h1)).toMatchObject({ status: 'passed', limitFen: Math.min(6_000_000, preCredit(h1)) });
    expect(outcome(h2).status).toBe('disputed'); // 20,000 against 80,000
    expect(outcome(h3).status).toBe('vetoed');
    expect(outcome(h4)).toMatchObject({ status: 'passed', recommendYes: 2 });
    expect(closed.results![0]!.scores.map((s) => s?.integrity)).toHaveLength(3);
    expect((await t.fail('village.submitScores', { id, seat: 2, code: code(2), scores: seat1 }, m)).message).toContain('已结束');

    const second = await t.call('village.openReview', { village: '评议村', panel, previousRoundId: id }, m);
    expect(second.round).toMatchObject({ round: 2, previousRoundId: id });
    expect(second.round.households.map((h) => h.id)).toEqual([h2]);
    // Six-digit codes are not for guessing: after five wrong ones the seat is locked, the right code included.
    for (let i = 0; i < 5; i++) await t.fail('village.submitScores', { id: second.round.id, seat: 1, code: String(100_000 + i), scores: [score(h2, 'A', true, 1)] }, m);
    expect((await t.fail('village.submitScores', { id: second.round.id, seat: 1, code: second.codes[0]!.code, scores: [score(h2, 'A', true, 1)] }, m)).message).toContain('已锁定');
    expect(getSqlite(t.core.store.pouch).prepare("SELECT COUNT(*) AS n FROM audit_index WHERE action LIKE 'village.%Review' OR action = 'village.submitScores'").get()).toEqual({ n: 6 });

    // 批量授信: the branch head grants the passed households at their reviewed limits, and decides the disputed one herself.
    const h = await t.login('H001');
    const batch = { id, rateBp: 435, termMonths: 36, password: TEST_PASSWORD };
    expect((await t.fail('village.approveBatch', batch, m)).code).toBe('FORBIDDEN');
    expect((await t.fail('village.approveBatch', { ...batch, exceptions: [{ householdId: h2, decision: 'grant', limitFen: preCredit(h2) + 100, reason: '支书担保' }] }, h)).message).toContain('不超过该户预授信额度');
    const exceptions = [{ householdId: h2, decision: 'grant' as const, limitFen: 2_000_000, reason: '第二轮前支行长核定' }];
    // The branch head's own password, again: it is sealed to head office as the proof credit lines are issued on.
    expect((await t.fail('village.approveBatch', { ...batch, password: 'not-my-password', exceptions }, h)).message).toContain('本人密码不正确');
    const approved = await t.call('village.approveBatch', { ...batch, exceptions }, h);
    const stored = (await t.core.store.pouch.get(approved.id)) as unknown as VillageApprovalDoc;
    expect(openProofFor(t.headOffice, stored.proof!.box, villageApprovalSubject(stored), 'H001')).toMatchObject({ password: TEST_PASSWORD });
    expect(openProofFor(t.headOffice, stored.proof!.box, villageApprovalSubject({ ...stored, rateBp: 400 }), 'H001')).toBeNull();
    expect(approved).toMatchObject({ granted: 3, refused: 0, grantedFen: outcome(h1).limitFen + outcome(h4).limitFen + 2_000_000, expiresOn: '2029-03-02' });
    expect((await t.fail('village.approveBatch', batch, h)).message).toContain('不能重复审批');
    const shown = await t.call('village.review', { id }, m);
    expect(shown.approval).toMatchObject({ granted: 3, rateBp: 435, termMonths: 36 });
    expect(shown.approval!.decisions).toEqual([
      { limitFen: outcome(h1).limitFen, exception: null }, { limitFen: 2_000_000, exception: '第二轮前支行长核定' }, null, { limitFen: outcome(h4).limitFen, exception: null },
    ]);
    expect((await t.call('village.review', { id: second.round.id }, m)).approval).toBeNull();
  });

  it('信用村: names the village from its lines, and flags it once a borrower defaults (head office\'s loan feed)', async () => {
    const m2 = await t.login('M001');
    const named = await t.call('village.creditVillage', { village: '评议村' }, m2);
    expect(named).toMatchObject({ households: 4, creditHouseholds: 3, borrowers: 0, met: true, rulesVersion: 1 });
    expect(named.checks.map((c) => c.valueBp)).toEqual([7_500, 10_000, 0]);

    const [h1, h2] = (await t.call('village.households', { village: '评议村' }, m2)).slice(0, 2);
    const loan = (account: string, idNo: string, balanceFen: number, overdueFen: number, classification: string) => ({
      _id: `loan-state:${account}`, type: 'loan-state', branch: 'HM01', account, idNo, name: '', product: 'farmer', manager: 'M001', principalFen: balanceFen, balanceFen,
      overdueFen, overdueSince: overdueFen ? '2026-01-01' : null, classification, warningLevel: 'none', signals: [], nextDueDate: null, maturityDate: '2027-01-01', rateBp: 435, status: 'active', history: [],
    });
    await t.core.store.pouch.bulkDocs([
      loan('V1', h1!.members[0]!.idNumber, 9_000_000, 0, 'normal'),
      loan('V2', h2!.members[1]!.idNumber, 1_000_000, 200_000, 'substandard'),
      loan('V3', '110101199003078515', 5_000_000, 900_000, 'loss'), // not of this village
    ]);
    const flagged = await t.call('village.creditVillage', { village: '评议村' }, m2);
    expect(flagged).toMatchObject({ borrowers: 2, defaultingBorrowers: 1, balanceFen: 10_000_000, nplBalanceFen: 1_000_000, met: false });
    expect(flagged.checks.map((c) => [c.code, c.ok])).toEqual([['credit-households', true], ['non-defaulting', false], ['npl', false]]);
    expect(flagged.checks[1]!.textZh).toBe('无违约借款户占比 50.00%（1/2户），标准不低于85.00%');
  });
});
