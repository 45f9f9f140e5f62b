import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../../domain/identity/resident-id';
import { createTestCore } from '../testing/test-core';

const validId = (body17: string) => body17 + residentIdCheckChar(body17);
const facts = {
  blacklisted: false, bureauCurrentOverdueFen: 0, bureauOverdueTimes24m: 0, bureauMaxOverdueDays24m: 0, bureauBadDebt: false,
  bureauHardQueries6m: 1, bureauOutstandingDebtFen: 0, bureauMonthlyDebtServiceFen: 0, socialInsuranceMonths: 96,
  housingFundMonthlyFen: 150_000, monthlyIncomeFen: 1_200_000, employerGrade: 'civil-servant' as const,
};

describe('rule sets in the reference database', () => {
  let t: Awaited<ReturnType<typeof createTestCore>>;
  beforeEach(async () => {
    t = await createTestCore();
  });
  afterEach(async () => t.dispose());

  it('seeds version 1 of every product once, edits a draft, dry-runs it, publishes it and decides with it; old decisions still replay', async () => {
    const risk = await t.login('R001');
    const overview = await t.call('rules.list', {}, risk);
    expect(overview.map((o) => [o.product, o.current.version])).toEqual([
      ['farmer', 1], ['harvest', 1], ['merchant', 1], ['gold-collar', 1], ['salary', 1], ['inclusive', 1], ['enterprise', 1],
    ]);

    const teller = await t.login('T001');
    const c = await t.call('customers.create', { customer: { kind: 'individual', name: '周文博', idNumber: validId('14108119850612003'), phone: '13803571234', address: '侯马市', group: 'civil-servant' } }, teller);
    const draftApp = await t.call('loans.createDraft', { customerId: c.id, productCode: 'gold-collar', patch: { requestedAmountFen: 20_000_000, collectedData: ['id-card', 'credit-report', 'housing-fund', 'social-insurance', 'employment-proof', 'income-proof'], facts } }, teller);
    const first = await t.call('loans.submit', { id: draftApp.id, rev: draftApp.rev }, teller);
    expect(first.decision!.outcome).toBe('approve');
    const score = first.decision!.score;

    const { current } = await t.call('rules.get', { product: 'gold-collar' }, risk);
    const edited = structuredClone(current.ruleSet);
    edited.models.riskDecision.approveMinScore = score + 1;
    // Permission is checked in the core: a teller may not edit, a risk officer may not publish.
    expect((await t.fail('rules.saveDraft', { product: 'gold-collar', ruleSet: edited, notes: '收紧' }, teller)).code).toBe('FORBIDDEN');
    const dry = await t.call('rules.dryRun', { product: 'gold-collar', ruleSet: edited }, risk);
    expect(dry).toMatchObject({ total: 1, changed: 1, outcomeChanged: 1, byTransition: { 'approve→refer': 1 }, currentVersion: 1 });
    const draft = await t.call('rules.saveDraft', { product: 'gold-collar', ruleSet: edited, notes: '自动审批线上调' }, risk);
    expect(draft.baseVersion).toBe(1);
    expect((await t.fail('rules.publish', { product: 'gold-collar', draftRev: draft.rev }, risk)).code).toBe('FORBIDDEN');

    const it = await t.login('A001');
    const stale = await t.fail('rules.publish', { product: 'gold-collar', draftRev: '1-0000' }, it);
    expect(stale.key).toBe('rules.draftChanged');
    const published = await t.call('rules.publish', { product: 'gold-collar', draftRev: draft.rev }, it);
    expect(published).toMatchObject({ version: 2, publishedBy: 'A001', notes: '自动审批线上调' });
    expect((await t.call('rules.get', { product: 'gold-collar' }, it)).draft).toBeNull();

    const second = await t.call('loans.createDraft', { customerId: c.id, productCode: 'gold-collar', patch: { requestedAmountFen: 20_000_000, collectedData: ['id-card', 'credit-report', 'housing-fund', 'social-insurance', 'employment-proof', 'income-proof'], facts } }, teller);
    const decided = await t.call('loans.submit', { id: second.id, rev: second.rev }, teller);
    expect(decided.decision).toMatchObject({ outcome: 'refer', ruleSetVersion: 2 });
    expect((await t.call('loans.replay', { id: first.id }, teller))).toMatchObject({ identical: true, ruleSetVersion: 1 });
    expect((await t.call('loans.replay', { id: decided.id }, teller))).toMatchObject({ identical: true, ruleSetVersion: 2 });

    // A restart keeps the published version and does not re-seed.
    await t.restart();
    const again = await t.login('R001');
    const versions = (await t.call('rules.get', { product: 'gold-collar' }, again)).versions;
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    // The history lists each version's change note.
    expect(versions[0]!.notes).toBe('自动审批线上调');
  });

  it('refuses a rule set that names an unknown input field', async () => {
    const risk = await t.login('R001');
    const { current } = await t.call('rules.get', { product: 'farmer' }, risk);
    const bad = structuredClone(current.ruleSet);
    bad.models.limit.bases[0]!.field = 'incomeTypo';
    const err = await t.fail('rules.saveDraft', { product: 'farmer', ruleSet: bad, notes: '测试' }, risk);
    expect(err.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(err.fields)).toContain('未知输入字段「incomeTypo」');
  });
});
