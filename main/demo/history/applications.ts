import type { Rng } from '../../../domain/random';
import type { ProductCode } from '../../../domain/credit/products';
import { addDays } from '../../../domain/time/branch-time';
import type { ApiArgs, ApiResult } from '../../core/api/contract';
import type { DemoPerson } from '../seed';
import { DEMO_GOLD_CUSTOMER } from '../credit-seed';
import type { HistoryContext } from './context';
import { addMinutes, between, pick, streamFor } from './context';
import type { HistoryStep } from './index';

type Patch = NonNullable<ApiArgs<'loans.createDraft'>['patch']>;
type Facts = NonNullable<Patch['facts']>;
const WAN = 1_000_000;

/** The product a customer of each group usually asks for. */
const PRODUCT_OF: Record<DemoPerson['group'], ProductCode> = {
  farmer: 'farmer', merchant: 'merchant', salaried: 'salary', 'civil-servant': 'gold-collar', resident: 'inclusive', 'enterprise-contact': 'inclusive',
};

/** What the bureau report says: mostly clean, some enquiries and debts, now and then a real problem. */
function bureau(rnd: Rng): Facts {
  const bad = rnd();
  return {
    blacklisted: false,
    bureauCurrentOverdueFen: bad < 0.05 ? between(rnd, 2, 60) * 10_000 : 0,
    bureauOverdueTimes24m: bad < 0.12 ? between(rnd, 1, 7) : 0,
    bureauMaxOverdueDays24m: bad < 0.12 ? between(rnd, 5, 120) : 0,
    bureauBadDebt: bad < 0.02,
    bureauHardQueries6m: between(rnd, 0, 7),
    bureauOutstandingDebtFen: rnd() < 0.3 ? between(rnd, 1, 30) * WAN : 0,
    bureauMonthlyDebtServiceFen: rnd() < 0.3 ? between(rnd, 5, 60) * 10_000 : 0,
  };
}

/** The application a customer manager would take for this customer: amount, term, checklist and the figures read off it. */
export function applicationFor(product: ProductCode, rnd: Rng, day: string): { patch: Patch; flowsCsv?: string } {
  const base: Facts = { ...bureau(rnd), depositAvgDailyFen: between(rnd, 0, 40) * WAN / 10, existingCustomerYears: between(rnd, 0, 15) };
  switch (product) {
    case 'farmer':
      return { patch: { requestedAmountFen: between(rnd, 3, 20) * WAN, termMonths: pick(rnd, [12, 12, 24, 36]), repaymentMethod: pick(rnd, ['interest-only', 'equal-installment']),
        collectedData: ['id-card', 'household-register', 'credit-report', 'village-review', 'income-proof'],
        facts: { ...base, villageReviewScore: between(rnd, 55, 98), villageRecommended: rnd() < 0.85, annualIncomeFen: between(rnd, 4, 20) * WAN } } };
    case 'gold-collar':
      return { patch: { requestedAmountFen: between(rnd, 10, 50) * WAN, termMonths: pick(rnd, [12, 24, 36]), repaymentMethod: 'equal-installment',
        collectedData: ['id-card', 'credit-report', 'housing-fund', 'social-insurance', 'income-proof'],
        facts: { ...base, socialInsuranceMonths: between(rnd, 18, 200), housingFundMonthlyFen: between(rnd, 8, 30) * 10_000, monthlyIncomeFen: between(rnd, 6, 25) * 100_000 } } };
    case 'salary':
      return { patch: { requestedAmountFen: between(rnd, 5, 20) * WAN, termMonths: pick(rnd, [12, 24]), repaymentMethod: pick(rnd, ['equal-installment', 'equal-principal']),
        collectedData: ['id-card', 'credit-report', 'income-proof', 'social-insurance', 'employment-proof'],
        facts: { ...base, monthlyIncomeFen: between(rnd, 4, 15) * 100_000, socialInsuranceMonths: between(rnd, 3, 120), employerGrade: pick(rnd, ['state-owned', 'private', 'private', 'listed']) } } };
    case 'merchant': {
      // Twelve months of POS receipts as the 精微结算 export gives them.
      const monthly = between(rnd, 30, 120) * 1000;
      const rows = ['交易日期,收支,交易金额,对方户名'];
      for (let k = 12; k >= 1; k--) {
        const d = addDays(day, -30 * k);
        const yuan = Math.round(monthly * (0.75 + rnd() * 0.5));
        rows.push(`${d},收入,${yuan}.00,批发货款`, `${d},支出,${Math.round(yuan * 0.62)}.00,进货`);
      }
      return { patch: { requestedAmountFen: between(rnd, 10, 50) * WAN, termMonths: 12, repaymentMethod: pick(rnd, ['revolving', 'interest-only']),
        collectedData: ['id-card', 'business-licence', 'stall-lease', 'credit-report'], facts: { ...base, yearsInBusiness: between(rnd, 1, 20) } }, flowsCsv: rows.join('\n') };
    }
    default:
      return { patch: { requestedAmountFen: between(rnd, 3, 10) * WAN, termMonths: 12, repaymentMethod: 'equal-installment',
        collectedData: ['id-card', 'credit-report', 'income-proof'], facts: { ...base, annualIncomeFen: between(rnd, 4, 15) * WAN } } };
  }
}

/** Business hours move on to the next business day: nobody investigates at midnight. */
function later(ctx: HistoryContext, from: Date, minutes: number): Date {
  let t = addMinutes(from, minutes);
  for (let i = 0; i < 10; i++) {
    const local = new Date(t.getTime() + 8 * 3_600_000);
    const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
    const weekday = local.getUTCDay();
    if (weekday !== 0 && weekday !== 6 && minute >= 8 * 60 + 30 && minute <= 17 * 60 + 30) return t;
    const day = local.toISOString().slice(0, 10);
    t = ctx.at(addDays(day, minute > 17 * 60 + 30 ? 1 : 0), 8 * 60 + 40 + (t.getTime() % 50));
  }
  return t;
}

/**
 * Loan applications over the months, from the demo customers, each step at a believable time after the one
 * before: collecting data, the models' decision, a branch head's investigation the same or next day, contract,
 * face-to-face and e-signing, disbursement. The most recent ones are still on their way.
 */
export const applicationsHistory: HistoryStep = {
  name: 'applications',
  async run(ctx: HistoryContext, seed: number) {
    const rnd = streamFor(seed, 'applications');
    // The customers seedDemo created, found as a teller finds them: by ID number.
    const people = ctx.customers.filter((p) => p.name !== DEMO_GOLD_CUSTOMER.name);
    if (!people.length) return;
    const ids = new Map<string, string>();
    const customerOf = async (p: DemoPerson, at: Date) => {
      if (!ids.has(p.idNumber)) {
        const [hit] = await ctx.call('customers.search', { q: p.idNumber, limit: 1 }, 'M001', at);
        if (!hit) throw new Error(`demo history: customer ${p.name} not found`);
        ids.set(p.idNumber, hit.id);
      }
      return ids.get(p.idNumber)!;
    };
    const lastDay = ctx.days[ctx.days.length - 1];
    let count = 0;
    for (const day of ctx.days) {
      const today = between(rnd, 1, 4);
      for (let k = 0; k < today; k++) {
        const person = pick(rnd, people);
        const product = PRODUCT_OF[person.group];
        const manager = pick(rnd, ['M001', 'M002', 'T001']);
        const created = ctx.at(day, between(rnd, 9 * 60, 16 * 60));
        const { patch, flowsCsv } = applicationFor(product, rnd, day);
        const customerId = await customerOf(person, created);
        let app: ApiResult<'loans.get'> = await ctx.call('loans.createDraft', { customerId, productCode: product, patch }, manager, created);
        let t = addMinutes(created, between(rnd, 6, 25));
        if (flowsCsv) {
          app = await ctx.call('loans.importFlows', { id: app.id, rev: app.rev, fileName: '精微结算导出.csv', contentBase64: Buffer.from(flowsCsv).toString('base64') }, manager, t);
          t = addMinutes(t, between(rnd, 1, 4));
        }
        app = await ctx.call('loans.submit', { id: app.id, rev: app.rev }, manager, t);
        count++;
        // Yesterday's work is still moving: some referred, some approved and not yet signed.
        const recent = day === lastDay;
        // Nothing may happen after the real now: what would is still to come.
        const due = (next: Date) => next.getTime() < ctx.now.getTime() - 60_000;
        if (app.state === 'referred') {
          if (recent && rnd() < 0.6) continue;
          t = later(ctx, t, between(rnd, 40, 26 * 60));
          if (!due(t)) continue;
          const approve = rnd() < 0.82;
          const limitFen = approve ? Math.min(app.requestedAmountFen, Math.max(app.decision?.maxLimitFen ?? 0, 5 * WAN)) : undefined;
          app = await ctx.call('loans.investigate', {
            id: app.id, rev: app.rev, outcome: approve ? 'approve' : 'reject',
            findings: approve ? '已电话核实收入与用途，资料真实，同意授信。' : '核实后收入不足以覆盖还款，不予授信。',
            ...(limitFen ? { limitFen } : {}),
          }, 'H001', t);
        }
        if (app.state !== 'approved' || (recent && rnd() < 0.5)) continue;
        // Approved by the models while the customer waits: contract and signing at once. After an investigation the
        // customer comes back for them, hours or a day later.
        const waiting = !app.investigation;
        t = later(ctx, t, waiting ? between(rnd, 2, 10) : between(rnd, 40, 20 * 60));
        if (!due(t)) continue;
        app = await ctx.call('loans.generateContract', { id: app.id, rev: app.rev }, manager, t);
        t = later(ctx, t, waiting ? between(rnd, 3, 12) : between(rnd, 10, 60));
        if (!due(addMinutes(t, 15))) continue;
        app = await ctx.call('loans.faceSign', { id: app.id, rev: app.rev, note: '客户本人到场签署' }, manager, t);
        t = addMinutes(t, between(rnd, 2, 8));
        app = await ctx.call('loans.eSign', { id: app.id, rev: app.rev, contractDigest: app.contract!.digest }, manager, t);
        t = later(ctx, t, waiting ? between(rnd, 3, 20) : between(rnd, 20, 3 * 60));
        if (!due(t)) continue;
        // Into the customer's own account (core banking's, signed by head office), authorised by the branch head.
        const [account] = await ctx.call('customers.accounts', { id: customerId }, manager, t);
        if (!account) throw new Error(`demo history: customer ${person.name} has no account`);
        await ctx.call('loans.disburse', { id: app.id, rev: app.rev, accountNo: account.accountNo, checker: { staffNo: 'H001', password: ctx.password } }, manager, t);
      }
      ctx.written.set(day, (ctx.written.get(day) ?? 0) + today * 6);
    }
    ctx.log(`  贷款申请 applications: ${count}`);
  },
};
