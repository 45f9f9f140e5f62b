import { actorOf } from '../api/handlers';
import type { CallContext, CreditContext, In, Out } from './application-context';
import { addStep, expectState, loadApp, loadLoan, save, strip } from './application-records';
import type { LoanDoc } from './credit.docs';
import { checkDisbursement } from './disbursement-check';

/**
 * Pays out a signed application once a second person has checked it: the new loan, the loan a renewal replaces
 * (closed as renewed), and the application are written with the audit entry in one bulkDocs.
 */
export async function disburse({ deps, newId }: CreditContext, { id, rev, accountNo, checker: checkerInput }: In<'loans.disburse'>, ctx: CallContext): Promise<Out<'loans.disburse'>> {
  const actor = actorOf(ctx);
  return deps.writes.run(async () => {
    const doc = strip(await loadApp(deps, id));
    expectState(doc, rev, ['e-signed']);
    const { checker } = await checkDisbursement(deps, { app: doc, accountNo, maker: actor, checker: checkerInput, address: ctx.address });
    const c = doc.contract!;
    const at = ctx.now.toISOString();
    const extra: LoanDoc[] = [];
    let renewalsSoFar = 0;
    if (doc.renewalOf) {
      const old = strip(await loadLoan(deps, doc.renewalOf));
      renewalsSoFar = old.renewalsSoFar + 1;
      extra.push({ ...old, status: 'renewed', balanceFen: 0, renewedBy: null, updatedAt: at, updatedBy: actor.staffNo });
    }
    const loan: LoanDoc = {
      _id: `loan:${newId()}`, type: 'loan', branch: deps.branch, applicationId: doc._id, customerId: doc.customerId, customerName: doc.customerName,
      productCode: doc.productCode, principalFen: c.principalFen, balanceFen: c.principalFen, rateBp: c.rateBp, termMonths: c.termMonths,
      method: c.method, startDate: c.startDate, maturityDate: c.maturityDate, status: 'active', renewalsSoFar, contractNo: c.no,
      instalments: c.instalments, overdueDays: 0, historyMaxOverdueDays: 0, historyOverdueTimes: 0, lastRenewalCheck: null, renewedBy: null,
      disbursedAt: at, createdAt: at, updatedAt: at, updatedBy: actor.staffNo,
    };
    for (const old of extra) old.renewedBy = loan._id;
    doc.disbursement = { loanId: loan._id, amountFen: c.principalFen, accountNo, at, by: actor.staffNo, checkedBy: checker.staffNo, checkedByName: checker.name };
    doc.state = 'disbursed';
    addStep(deps, doc, 'disbursed', actor, ctx.now);
    return save(deps, doc, 'loan.disburse', actor, ctx.now, { loanId: loan._id, amountFen: c.principalFen, accountNo, checkedBy: checker.staffNo }, [loan, ...extra]);
  });
}
