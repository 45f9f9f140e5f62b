import { evaluateRenewal } from '../../../domain/credit/rules';
import { actorOf } from '../api/handlers';
import { apiError } from '../api/dispatch';
import { today, type CallContext, type CreditContext, type In, type Out } from './application-context';
import { applyPatch } from './application-facts';
import { newDraft } from './application-intake';
import { liveLoan, loadApp, loadCustomer, loadLoan, loanView, save, strip, write } from './application-records';
import { loanState } from './core-banking-loan';

/** Whether an active loan may be renewed, on the product's latest rules and the loan's state in core banking. */
export async function checkRenewal({ deps }: CreditContext, { id, rev, asOf }: In<'loans.checkRenewal'>, ctx: CallContext): Promise<Out<'loans.checkRenewal'>> {
  const actor = actorOf(ctx);
  return deps.writes.run(async () => {
    const loan = strip(await loadLoan(deps, id));
    if (loan._rev !== rev) throw apiError('CONFLICT', 'error.CONFLICT');
    if (loan.status !== 'active') throw apiError('CONFLICT', 'credit.loanNotActive');
    const app = await loadApp(deps, loan.applicationId);
    const rs = await deps.reference.latestRuleSet(loan.productCode);
    const live = await liveLoan(deps, loan);
    const result = evaluateRenewal(rs.ruleSet, loanState(loan, asOf ?? today(ctx.now), live), app.facts as Record<string, number | string | boolean>);
    loan.lastRenewalCheck = { ...result, at: ctx.now.toISOString(), by: actor.staffNo, coreAccount: live?.account ?? null };
    loan.updatedAt = ctx.now.toISOString();
    loan.updatedBy = actor.staffNo;
    const [newRev] = await write(deps, [loan], 'loan.renewalCheck', actor, ctx.now, { outcome: result.outcome, ruleSetVersion: result.ruleSetVersion, reasons: result.reasons.map((r) => r.code) });
    return loanView({ ...loan, _rev: newRev });
  });
}

/** A renewal's draft: the loan's amount, term and method, with the documents and facts of the application it came from. */
export async function startRenewal(c: CreditContext, { id }: In<'loans.startRenewal'>, ctx: CallContext): Promise<Out<'loans.startRenewal'>> {
  const { deps } = c;
  const actor = actorOf(ctx);
  return deps.writes.run(async () => {
    const loan = strip(await loadLoan(deps, id));
    if (loan.status !== 'active') throw apiError('CONFLICT', 'credit.loanNotActive');
    if (loan.lastRenewalCheck?.outcome === 'ineligible') throw apiError('CONFLICT', 'credit.renewalIneligible');
    const app = strip(await loadApp(deps, loan.applicationId));
    const customer = strip(await loadCustomer(deps, loan.customerId));
    const doc = await newDraft(c, customer, loan.productCode, actor, ctx.now, loan._id);
    await applyPatch(deps, doc, {
      requestedAmountFen: loan.principalFen, termMonths: loan.termMonths, repaymentMethod: loan.method,
      collectedData: app.collectedData, facts: app.facts,
    }, ctx.now);
    return save(deps, doc, 'loan.renewalStart', actor, ctx.now, { renewalOf: loan._id });
  });
}
