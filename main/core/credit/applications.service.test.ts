import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateHeadOfficeKeys, signerOf } from '../../../trust/head-office-keys';
import { signDoc } from '../../../trust/signature';
import { createTestCore, TEST_PASSWORD, testHeadOffice } from '../testing/test-core';
import type { ApplicationView, VideoSignatureReceipt } from './credit.contract';
import { residentIdCheckChar } from '../../../domain/identity/resident-id';
import { GOLD_ID, goldData, goldFacts } from './gold-collar.fixture';
import { createHash } from 'node:crypto';
import { customerFactsDocId } from '../../../domain/credit/bank-facts';
import { DEFAULT_RULE_SETS, ruleSetDigest, videoScriptOf } from '../../../domain/credit/rules';

const validId = (body17: string) => body17 + residentIdCheckChar(body17);

it('has a valid ID for its gold-collar applicant', () => expect(validId(GOLD_ID.slice(0, 17))).toBe(GOLD_ID));

describe('credit applications', () => {
  let t: Awaited<ReturnType<typeof createTestCore>>;
  let now = Date.parse('2026-03-02T01:00:00Z');
  beforeEach(async () => {
    now = Date.parse('2026-03-02T01:00:00Z');
    t = await createTestCore({ clock: () => new Date(now) });
  });
  afterEach(async () => t.dispose());

  async function goldCustomer(token: string) {
    return t.call('customers.create', {
      customer: { kind: 'individual', name: '周文博', idNumber: GOLD_ID, phone: '13803571234', address: '山西省侯马市浍滨街道', group: 'civil-servant' },
    }, token);
  }

  async function completeGold(token: string, requestedAmountFen = 20_000_000, facts: Record<string, unknown> = {}): Promise<ApplicationView> {
    const c = await goldCustomer(token);
    const draft = await t.call('loans.createDraft', { customerId: c.id, productCode: 'gold-collar' }, token);
    return t.call('loans.update', {
      id: draft.id, rev: draft.rev,
      patch: { requestedAmountFen, termMonths: 12, repaymentMethod: 'equal-installment', collectedData: [...goldData], facts: { ...goldFacts, ...facts } },
    }, token);
  }

  it('refers, never declines, a 金领贷 for a customer filed as 公职人员 when the optional 在职证明 is not collected', async () => {
    const teller = await t.login('T001');
    const c = await goldCustomer(teller);
    let app = await t.call('loans.createDraft', { customerId: c.id, productCode: 'gold-collar' }, teller);
    const { employerGrade: _e, monthlyIncomeFen: _m, ...withoutProof } = goldFacts;
    app = await t.call('loans.update', {
      id: app.id, rev: app.rev,
      patch: { requestedAmountFen: 20_000_000, termMonths: 12, repaymentMethod: 'equal-installment', collectedData: ['id-card', 'credit-report', 'housing-fund', 'social-insurance'], facts: withoutProof },
    }, teller);
    // The file says 公职人员: that is the employer grade the models see.
    expect(app.facts.employerGrade).toBe('civil-servant');
    app = await t.call('loans.submit', { id: app.id, rev: app.rev }, teller);
    expect(app.state).not.toBe('rejected');
    expect(app.decision!.reasons.filter((r) => r.effect === 'reject')).toEqual([]);
    for (const r of app.decision!.reasons) expect(r.messageZh).not.toMatch(/未提供|\{|band|to-\d/);
  });

  it('reads deposits and this bank\'s overdue record from head office\'s feeds: the models get the bank\'s figures, the typed ones are kept beside them', async () => {
    const teller = await t.login('T001');
    // What head office published to the branch (sync-server/feeds/branch-docs.ts): February's deposit average, the
    // customer's one loan 5 days overdue as of the last loans file (yesterday).
    await t.core.store.pouch.bulkDocs([
      { _id: customerFactsDocId((x) => createHash('sha256').update(x).digest('hex'), GOLD_ID), type: 'customer-facts', branch: 'HM01', depositMonth: '2026-02', depositAvgDailyFen: 1_500_000 },
      { _id: 'feed-status:HM01', type: 'feed-status', branch: 'HM01', loansAsOf: '2026-03-01' },
      {
        _id: 'loan-state:6200000000000007', type: 'loan-state', branch: 'HM01', account: '6200000000000007', idNo: GOLD_ID, name: '周文博', product: 'salary',
        manager: 'M001', principalFen: 5_000_000, balanceFen: 3_000_000, overdueFen: 120_000, overdueSince: '2026-02-25', classification: 'special-mention',
        warningLevel: 'none', signals: [], nextDueDate: '2026-03-25', maturityDate: '2026-09-25', rateBp: 435, status: 'active', history: [], overdueTimes: 1, maxOverdueDays: null,
      },
    ]);
    let app = await completeGold(teller, 20_000_000, { depositAvgDailyFen: 20_000_000 });
    expect(app.facts).toMatchObject({ depositAvgDailyFen: 20_000_000, bureauCurrentOverdueFen: 0 });
    const by = Object.fromEntries(app.factSources!.map((s) => [s.key, s]));
    expect(by.depositAvgDailyFen).toMatchObject({ typed: 20_000_000, feed: 1_500_000, feedAsOf: '2026-02-28', used: 1_500_000, status: 'feed', disagrees: true });
    expect(by.bureauCurrentOverdueFen).toMatchObject({ typed: 0, feed: 120_000, used: 120_000, usedFrom: 'feed', disagrees: true });
    expect(by.bureauMaxOverdueDays24m).toMatchObject({ typed: 0, feed: 5, used: 5 });
    expect(by.bureauOverdueTimes24m).toMatchObject({ typed: 0, feed: 1, used: 1 });
    app = await t.call('loans.submit', { id: app.id, rev: app.rev }, teller);
    expect(app.decision!.inputs.facts).toMatchObject({ depositAvgDailyFen: 1_500_000, bureauCurrentOverdueFen: 120_000, bureauMaxOverdueDays24m: 5 });
    // The current overdue at this bank is what the admission rule refuses on, whatever was typed.
    expect(app.decision!.reasons.map((r) => r.messageZh).join('；')).toContain('当前逾期1,200.00');
    const audit = (await t.call('loans.history', { id: app.id }, teller)).map((h) => h.action);
    expect(audit).toContain('loan.decide');
    expect((await t.call('loans.replay', { id: app.id }, teller)).identical).toBe(true);
  });

  it('refuses an amount above the product maximum on the amount field, instead of saving it', async () => {
    const teller = await t.login('T001');
    const c = await goldCustomer(teller);
    const app = await t.call('loans.createDraft', { customerId: c.id, productCode: 'gold-collar' }, teller);
    const err = await t.fail('loans.update', { id: app.id, rev: app.rev, patch: { requestedAmountFen: 80_000_000 } }, teller);
    expect(err).toMatchObject({ code: 'VALIDATION', message: '申请金额不能超过富民金领贷最高额度 500,000.00 元，请调低金额' });
    expect(err.fields?.[0]?.path).toBe('patch.requestedAmountFen');
    expect((await t.call('loans.get', { id: app.id }, teller)).requestedAmountFen).toBe(app.requestedAmountFen);
  });

  it('keeps the partner referral code of this branch on the application and refuses another branch\'s code on its field, nothing saved', async () => {
    const teller = await t.login('T001');
    const c = await goldCustomer(teller);
    const app = await t.call('loans.createDraft', { customerId: c.id, productCode: 'gold-collar', partnerCode: 'hm01-7k3f9q' }, teller);
    expect(app.partnerCode).toBe('HM01-7K3F9Q');
    const err = await t.fail('loans.createDraft', { customerId: c.id, productCode: 'gold-collar', partnerCode: 'HM02-7K3F9Q' }, teller);
    expect(err).toMatchObject({ code: 'VALIDATION', message: '推荐码 HM02-7K3F9Q 属于 HM02，不是本行（HM01）的合伙人推荐码' });
    expect(err.fields?.[0]?.path).toBe('partnerCode');
    const bad = await t.fail('loans.createDraft', { customerId: c.id, productCode: 'gold-collar', partnerCode: 'HM01-7K3' }, teller);
    expect(bad.fields?.[0]).toMatchObject({ path: 'partnerCode' });
    expect(bad.message).toContain('合伙人推荐码');
    expect((await t.call('loans.list', { filter: 'all', customerId: c.id }, teller)).length).toBe(1);
  });

  it('blocks submission listing what is missing, then runs the models and takes the loan to disbursement', async () => {
    const teller = await t.login('T001');
    const c = await goldCustomer(teller);
    let app = await t.call('loans.createDraft', { customerId: c.id, productCode: 'gold-collar' }, teller);
    app = await t.call('loans.update', { id: app.id, rev: app.rev, patch: { collectedData: ['id-card', 'credit-report'], facts: { ...goldFacts, age: 99 } } }, teller);
    // Age comes from the ID number, never from what was typed; facts of uncollected documents are dropped.
    expect(app.facts.age).toBe(40);
    expect(app.facts.regionCode).toBe('141081');
    expect(app.facts.housingFundMonthlyFen).toBeUndefined();
    expect(app.missing.map((m) => m.nameZh)).toEqual(['住房公积金缴存记录', '社保缴纳记录']);

    const blocked = await t.fail('loans.submit', { id: app.id, rev: app.rev }, teller);
    expect(blocked.code).toBe('VALIDATION');
    expect(blocked.message).toBe('申请资料不全，无法提交，缺少：住房公积金缴存记录、社保缴纳记录');
    expect(blocked.fields?.map((f) => f.path)).toEqual(['collectedData.housing-fund', 'collectedData.social-insurance']);
    expect((await t.call('loans.get', { id: app.id }, teller)).state).toBe('draft');

    app = await t.call('loans.update', {
      id: app.id, rev: app.rev,
      patch: { requestedAmountFen: 20_000_000, termMonths: 12, repaymentMethod: 'equal-installment', collectedData: [...goldData], facts: goldFacts },
    }, teller);
    now += 4 * 60_000;
    app = await t.call('loans.submit', { id: app.id, rev: app.rev }, teller);
    expect(app.state).toBe('approved');
    const d = app.decision!;
    expect(d.outcome).toBe('approve');
    expect(d.limitFen).toBe(20_000_000);
    expect(d.ruleSetVersion).toBe(1);
    expect(d.ruleSetDigest).toMatch(/^sha256:/);
    expect(d.rateBp).toBe(d.lprBp + d.spreadBp);
    expect(d.reasons.map((r) => r.messageZh)).toContain('各模型均通过，自动审批通过');
    expect(d.reasons.find((r) => r.code === 'pricing')!.messageZh).toMatch(/^执行利率\d+\.\d{2}%＝LPR 3\.00%＋\d+个基点/);

    const replay = await t.call('loans.replay', { id: app.id }, teller);
    expect(replay).toMatchObject({ identical: true, inputsIntact: true, ruleSetMatches: true, ruleSetVersion: 1 });

    now += 60_000;
    app = await t.call('loans.generateContract', { id: app.id, rev: app.rev }, teller);
    expect(app.contract!.instalments).toHaveLength(12);
    expect(app.contract!.totals!.principalFen).toBe(20_000_000);
    const html = (await t.call('loans.contractHtml', { id: app.id }, teller)).html;
    expect(html).toContain('富民金领贷借款合同');
    expect(html).toContain('周文博');
    expect(html).toContain(app.contract!.no);

    now += 2 * 60_000;
    app = await t.call('loans.faceSign', { id: app.id, rev: app.rev, note: '本人到场' }, teller);
    expect(app.faceSign).toMatchObject({ mode: 'on-site', by: 'T001' });
    const wrong = await t.fail('loans.eSign', { id: app.id, rev: app.rev, contractDigest: `sha256:${'0'.repeat(64)}` }, teller);
    expect(wrong.key).toBe('credit.contractChanged');
    // The customer signed on the phone in the video session: head office's receipt replaces the staff click.
    // The risk notice the customer confirmed is the one the product's rule set (version 1 here) publishes.
    const notice = videoScriptOf(DEFAULT_RULE_SETS['gold-collar']).riskNotice;
    const receiptFor = (over: Partial<VideoSignatureReceipt>, key = signerOf(testHeadOffice())) => signDoc({
      type: 'video-signature' as const, applicationId: app.id, roomId: `face-sign:${app.id}`, contractDigest: app.contract!.digest,
      recordingDigest: `sha256:${'7'.repeat(64)}`, signatureDigest: `sha256:${'5'.repeat(64)}`, signedAt: new Date(now).toISOString(),
      session: {
        identityCheckedAt: new Date(now - 60_000).toISOString(),
        confirmations: notice.map((text, i) => ({ step: `clause-${i + 1}`, text, at: new Date(now - 30_000).toISOString() })),
      },
      ruleSet: { product: 'gold-collar' as const, version: 1, digest: ruleSetDigest(DEFAULT_RULE_SETS['gold-collar']) },
      ...over,
    }, key);
    const eSign = (receipt: VideoSignatureReceipt) => ({ id: app.id, rev: app.rev, contractDigest: app.contract!.digest, receipt });
    const forged = receiptFor({}, signerOf(generateHeadOfficeKeys(false)));
    expect((await t.fail('loans.eSign', eSign(forged), teller)).key).toBe('credit.videoReceiptInvalid');
    expect((await t.fail('loans.eSign', eSign(receiptFor({ applicationId: 'APP-OTHER' })), teller)).key).toBe('credit.videoReceiptInvalid');
    const otherTerms = receiptFor({ contractDigest: `sha256:${'9'.repeat(64)}` });
    expect((await t.fail('loans.eSign', eSign(otherTerms), teller)).key).toBe('credit.contractChanged');
    const weakened = receiptFor({ session: { identityCheckedAt: new Date(now).toISOString(), confirmations: [{ step: 'clause-1', text: '请按期还款', at: new Date(now).toISOString() }] } });
    expect((await t.fail('loans.eSign', eSign(weakened), teller)).key).toBe('credit.videoScriptMismatch');
    const unpublished = receiptFor({ ruleSet: { product: 'gold-collar', version: 9, digest: `sha256:${'1'.repeat(64)}` } });
    expect((await t.fail('loans.eSign', eSign(unpublished), teller)).key).toBe('credit.videoScriptMismatch');
    app = await t.call('loans.eSign', eSign(receiptFor({})), teller);
    expect(app.eSign?.video).toMatchObject({ signatureDigest: `sha256:${'5'.repeat(64)}`, recordingDigest: `sha256:${'7'.repeat(64)}`, session: { confirmations: notice.map((text, i) => ({ step: `clause-${i + 1}`, text })) }, ruleSet: { product: 'gold-collar', version: 1 } });
    now += 60_000;
    const accountNo = await t.openAccount(app.customerId);
    const byHead = { staffNo: 'H001', password: TEST_PASSWORD };
    app = await t.call('loans.disburse', { id: app.id, rev: app.rev, accountNo, checker: byHead }, teller);
    expect(app.state).toBe('disbursed');
    expect(app.disbursement).toMatchObject({ by: 'T001', checkedBy: 'H001', accountNo });

    const loan = await t.call('loans.getLoan', { id: app.disbursement!.loanId }, teller);
    expect(loan).toMatchObject({ principalFen: 20_000_000, balanceFen: 20_000_000, status: 'active', rateBp: d.rateBp, contractNo: app.contract!.no });
    expect(loan.instalments).toEqual(app.contract!.instalments);

    expect(app.steps.map((s) => s.step)).toEqual(['created', 'submitted', 'decided', 'contracted', 'face-signed', 'e-signed', 'disbursed']);
    expect(app.steps.every((s) => s.by === 'T001')).toBe(true);
    expect(app.steps[1]!.elapsedMs).toBe(4 * 60_000);
    expect(app.totalElapsedMs).toBe(8 * 60_000);

    const history = await t.call('loans.history', { id: app.id }, teller);
    expect(history.map((h) => h.action)).toEqual([
      'loan.create', 'loan.update', 'loan.update', 'loan.decide', 'loan.contract', 'loan.faceSign', 'loan.eSign', 'loan.disburse',
    ]);
    // Out-of-order steps are refused with the state named.
    const again = await t.fail('loans.disburse', { id: app.id, rev: app.rev, accountNo, checker: byHead }, teller);
    expect(again.message).toContain('已放款');
  });

  // Many slow password hashes (every login and every authorisation attempt): minutes on a loaded machine.
  it('pays out only with a second person who took no part, into an account of the customer (maker-checker)', { timeout: 120_000 }, async () => {
    const teller = await t.login('T001');
    let app = await completeGold(teller);
    app = await t.call('loans.submit', { id: app.id, rev: app.rev }, teller);
    app = await t.call('loans.generateContract', { id: app.id, rev: app.rev }, teller);
    app = await t.call('loans.faceSign', { id: app.id, rev: app.rev }, teller);
    app = await t.call('loans.eSign', { id: app.id, rev: app.rev, contractDigest: app.contract!.digest }, teller);
    const own = await t.openAccount(app.customerId);
    const other = await t.call('customers.create', { customer: { kind: 'individual', name: '李四', idNumber: validId('14108119900101001'), phone: '13803579998', address: '侯马市', group: 'resident' } }, teller);
    const stranger = await t.openAccount(other.id);
    const frozen = await t.openAccount(app.customerId, { status: 'frozen' });
    const refused = async (accountNo: string, checker: { staffNo: string; password: string }) => {
      const e = await t.fail('loans.disburse', { id: app.id, rev: app.rev, accountNo, checker }, teller);
      return `${e.fields?.[0]?.path ?? ''} ${e.key}`;
    };
    const head = { staffNo: 'H001', password: TEST_PASSWORD };
    // The teller alone — as their own checker — is refused, as is anyone who prepared the loan.
    expect(await refused(own, { staffNo: 'T001', password: TEST_PASSWORD })).toBe('checker.staffNo credit.checker.self');
    expect(await refused(own, { staffNo: 'H001', password: 'wrong-pass-1' })).toBe('checker.password credit.checker.badCredentials');
    expect(await refused(own, { staffNo: 'M001', password: TEST_PASSWORD })).toBe('checker.staffNo credit.checker.role');
    // Money only to the customer's own, active account as head office signed it.
    expect(await refused(stranger, head)).toBe('accountNo credit.accountNotCustomers');
    expect(await refused('6228480012345678901', head)).toBe('accountNo credit.accountNotCustomers');
    expect(await refused(frozen, head)).toBe('accountNo credit.accountNotActive');
    expect((await t.call('loans.get', { id: app.id }, teller)).state).toBe('e-signed');

    const byHeadAsMaker = await t.login('H001');
    const e = await t.fail('loans.disburse', { id: app.id, rev: app.rev, accountNo: own, checker: { staffNo: 'T001', password: TEST_PASSWORD } }, byHeadAsMaker);
    expect(e.fields?.[0]?.key).toBe('credit.checker.preparer');

    app = await t.call('loans.disburse', { id: app.id, rev: app.rev, accountNo: own, checker: head }, teller);
    expect(app.disbursement).toMatchObject({ by: 'T001', checkedBy: 'H001', accountNo: own });
    const history = await t.call('loans.history', { id: app.id }, teller);
    expect(history.at(-1)).toMatchObject({ action: 'loan.disburse', actor: 'T001' });
  });

  it('refers a large gold-collar loan to manual investigation; only the branch head approves it', async () => {
    const teller = await t.login('T001');
    let app = await completeGold(teller, 40_000_000, { monthlyIncomeFen: 2_000_000 });
    app = await t.call('loans.submit', { id: app.id, rev: app.rev }, teller);
    expect(app.state).toBe('referred');
    expect(app.decision!.reasons.filter((r) => r.effect === 'refer').map((r) => r.code)).toEqual(['amount-above-auto']);
    expect((await t.fail('loans.queue', {}, teller)).code).toBe('FORBIDDEN');
    const head = await t.login('H001');
    expect((await t.call('loans.queue', {}, head)).map((r) => r.id)).toEqual([app.id]);
    expect((await t.fail('loans.investigate', { id: app.id, rev: app.rev, findings: '核实', outcome: 'approve' }, teller)).code).toBe('FORBIDDEN');
    const tooBig = await t.fail('loans.investigate', { id: app.id, rev: app.rev, findings: '单位核实无误', outcome: 'approve', limitFen: 90_000_000 }, head);
    expect(tooBig.key).toBe('credit.investigationLimit');
    app = await t.call('loans.investigate', { id: app.id, rev: app.rev, findings: '已电话核实工作单位与收入，同意按35万元授信', outcome: 'approve', limitFen: 35_000_000 }, head);
    expect(app.state).toBe('approved');
    expect(app.investigation).toMatchObject({ by: 'H001', limitFen: 35_000_000, outcome: 'approve' });
    expect(await t.call('loans.queue', {}, head)).toEqual([]);
    app = await t.call('loans.generateContract', { id: app.id, rev: app.rev }, teller);
    expect(app.contract!.principalFen).toBe(35_000_000);
  });

  it('keeps a draft that another device resumes after sync', async () => {
    const other = await createTestCore({ deviceId: 'HM01-OTHER' });
    try {
      const teller = await t.login('T001');
      const c = await goldCustomer(teller);
      const draft = await t.call('loans.createDraft', { customerId: c.id, productCode: 'gold-collar', patch: { collectedData: ['id-card'], requestedAmountFen: 5_000_000 } }, teller);
      await t.core.store.pouch.replicate.to(other.core.store.pouch);
      const manager = await other.login('M001');
      const listed = await other.call('loans.list', { filter: 'draft' }, manager);
      expect(listed.map((r) => r.id)).toEqual([draft.id]);
      const resumed = await other.call('loans.get', { id: draft.id }, manager);
      expect(resumed).toMatchObject({ state: 'draft', requestedAmountFen: 5_000_000, collectedData: ['id-card'], customerName: '周文博' });
      const updated = await other.call('loans.update', { id: draft.id, rev: resumed.rev, patch: { collectedData: [...goldData], facts: goldFacts } }, manager);
      const submitted = await other.call('loans.submit', { id: draft.id, rev: updated.rev }, manager);
      expect(submitted.state).toBe('approved');
      expect(submitted.steps.map((s) => [s.step, s.device])).toEqual([['created', 'HM01-TEST'], ['submitted', 'HM01-OTHER'], ['decided', 'HM01-OTHER']]);
    } finally {
      await other.dispose();
    }
  });

  it('renews at maturity through the renewal model', async () => {
    let teller = await t.login('T001');
    let app = await completeGold(teller);
    app = await t.call('loans.submit', { id: app.id, rev: app.rev }, teller);
    app = await t.call('loans.generateContract', { id: app.id, rev: app.rev, startDate: '2026-03-02' }, teller);
    app = await t.call('loans.faceSign', { id: app.id, rev: app.rev }, teller);
    app = await t.call('loans.eSign', { id: app.id, rev: app.rev, contractDigest: app.contract!.digest }, teller);
    const accountNo = await t.openAccount(app.customerId);
    app = await t.call('loans.disburse', { id: app.id, rev: app.rev, accountNo, checker: { staffNo: 'H001', password: TEST_PASSWORD } }, teller);
    let loan = await t.call('loans.getLoan', { id: app.disbursement!.loanId }, teller);
    expect(loan.maturityDate).toBe('2027-03-02');

    loan = await t.call('loans.checkRenewal', { id: loan.id, rev: loan.rev, asOf: '2026-06-01' }, teller);
    expect(loan.lastRenewalCheck!.outcome).toBe('refer');
    expect(loan.lastRenewalCheck!.reasons.map((r) => r.code)).toEqual(['renewal-window']);
    loan = await t.call('loans.checkRenewal', { id: loan.id, rev: loan.rev, asOf: '2027-02-20' }, teller);
    expect(loan.lastRenewalCheck).toMatchObject({ outcome: 'eligible', coreAccount: null });

    // Head office's loan file knows better than the branch's figures: 关注 now, 45 days overdue once, three episodes.
    // The loan-state is matched by the customer's ID and the product (core banking opens the account after disbursement).
    const state = {
      _id: 'loan-state:6200000000000077', type: 'loan-state', branch: 'HM01', account: '6200000000000077', idNo: GOLD_ID, name: '周文博', product: 'gold-collar',
      manager: 'M001', principalFen: loan.principalFen, balanceFen: 5_000_000, overdueFen: 0, overdueSince: null, classification: 'special-mention',
      warningLevel: 'none', signals: [], nextDueDate: null, maturityDate: loan.maturityDate, rateBp: loan.rateBp, status: 'active',
      history: [{ m: '2027-01', c: 'special-mention', b: 5_000_000 }], overdueTimes: 3, maxOverdueDays: 45,
    };
    const put = await t.core.store.pouch.put(state);
    loan = await t.call('loans.checkRenewal', { id: loan.id, rev: loan.rev, asOf: '2027-02-20' }, teller);
    expect(loan.lastRenewalCheck).toMatchObject({ outcome: 'ineligible', coreAccount: '6200000000000077' });
    expect(loan.lastRenewalCheck!.reasons.map((r) => r.code)).toEqual(['renewal-classification', 'renewal-overdue-history', 'renewal-overdue-times']);
    await t.core.store.pouch.remove(state._id, put.rev);
    loan = await t.call('loans.checkRenewal', { id: loan.id, rev: loan.rev, asOf: '2027-02-20' }, teller);
    expect(loan.lastRenewalCheck!.outcome).toBe('eligible');

    now = Date.parse('2027-02-20T02:00:00Z');
    teller = await t.login('T001');
    let renewal = await t.call('loans.startRenewal', { id: loan.id }, teller);
    expect(renewal).toMatchObject({ renewalOf: loan.id, requestedAmountFen: 20_000_000, state: 'draft' });
    renewal = await t.call('loans.submit', { id: renewal.id, rev: renewal.rev }, teller);
    expect(renewal.decision!.modelsRun).toEqual(['admission', 'limit', 'pricing', 'earlyWarning', 'renewal', 'riskDecision']);
    expect(renewal.state).toBe('approved');
    renewal = await t.call('loans.generateContract', { id: renewal.id, rev: renewal.rev }, teller);
    renewal = await t.call('loans.faceSign', { id: renewal.id, rev: renewal.rev }, teller);
    renewal = await t.call('loans.eSign', { id: renewal.id, rev: renewal.rev, contractDigest: renewal.contract!.digest }, teller);
    renewal = await t.call('loans.disburse', { id: renewal.id, rev: renewal.rev, accountNo, checker: { staffNo: 'H001', password: TEST_PASSWORD } }, teller);
    const old = await t.call('loans.getLoan', { id: loan.id }, teller);
    expect(old).toMatchObject({ status: 'renewed', renewedBy: renewal.disbursement!.loanId });
    expect((await t.call('loans.getLoan', { id: renewal.disbursement!.loanId }, teller)).renewalsSoFar).toBe(1);
    expect((await t.call('loans.loanList', { status: 'active' }, teller)).map((l) => l.id)).toEqual([renewal.disbursement!.loanId]);
  });

  it('computes the dashboard from the data', async () => {
    const teller = await t.login('T001');
    const approved = await t.call('loans.submit', await completeGold(teller).then((a) => ({ id: a.id, rev: a.rev })), teller);
    const c2 = await t.call('customers.create', { customer: { kind: 'individual', name: '李明', idNumber: validId('14108119900101001'), phone: '13803579999', address: '侯马市', group: 'resident' } }, teller);
    const d2 = await t.call('loans.createDraft', { customerId: c2.id, productCode: 'gold-collar', patch: { collectedData: [...goldData], facts: { ...goldFacts, bureauBadDebt: true } } }, teller);
    const rejected = await t.call('loans.submit', { id: d2.id, rev: d2.rev }, teller);
    expect(rejected.state).toBe('rejected');
    let a = await t.call('loans.generateContract', { id: approved.id, rev: approved.rev }, teller);
    a = await t.call('loans.faceSign', { id: a.id, rev: a.rev }, teller);
    await t.call('loans.eSign', { id: a.id, rev: a.rev, contractDigest: a.contract!.digest }, teller);

    const head = await t.login('H001');
    const dash = await t.call('credit.dashboard', {}, head);
    expect(dash.metrics.applications.num).toBe(2);
    expect(dash.metrics.rejected.num).toBe(1);
    expect(dash.metrics.rejectionRate.text).toBe('50.0%');
    expect(dash.metrics.grantedAmount.num).toBe(20_000_000);
    expect(dash.metrics.signedHouseholds.num).toBe(1);
    expect(dash.metrics.drawnHouseholds.num).toBe(0);
    expect(dash.metrics.householdUsageRate.text).toBe('0.00%');
    expect(dash.byProduct.find((p) => p.productCode === 'gold-collar')).toMatchObject({ approve: 1, reject: 1 });
    expect((await t.fail('credit.dashboard', {}, teller)).code).toBe('FORBIDDEN');
  });
});
