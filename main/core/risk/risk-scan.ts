import type { ProductCode } from '../../../domain/credit/products';
import type { RuleSet } from '../../../domain/credit/rules';
import { scanBranchLoans } from '../../../domain/post-loan/branch-scan';
import { riskDashboard } from '../../../domain/post-loan/risk-dashboard';
import { actorOf, type CallContext } from '../api/handlers';
import { branchToday, byPrefix, type EventDoc, type LoanDoc, type Out, type RiskContext } from './risk-records';

/** The branch's loans checked against the published rule sets today: the classification changes the scan would make. */
export async function branchScan({ deps }: RiskContext, ctx: CallContext): Promise<Out<'risk.branchScan'>> {
  const actor = actorOf(ctx);
  const loans = (await byPrefix<LoanDoc>(deps.pouch, 'loan-state:')).filter((d) => d.branch === deps.branch);
  const ruleSets = new Map<ProductCode, RuleSet>();
  for (const product of new Set(loans.map((l) => l.product))) ruleSets.set(product, await deps.ruleSet(product));
  const scan = scanBranchLoans(loans, branchToday(deps, ctx.now), (p) => ruleSets.get(p)!);
  // Like the event queue: the branch head and the risk department see every loan, a customer manager theirs.
  const everyone = actor.roles.includes('branch-head') || actor.roles.includes('risk-officer');
  return everyone ? scan : { ...scan, changes: scan.changes.filter((c) => c.manager === actor.staffNo) };
}

/** The branch's loan book and risk events as of today. */
export async function dashboard({ deps }: RiskContext, ctx: CallContext): Promise<Out<'risk.dashboard'>> {
  const loans = (await byPrefix<LoanDoc>(deps.pouch, 'loan-state:')).filter((d) => d.branch === deps.branch);
  const events = await byPrefix<EventDoc>(deps.pouch, `risk-event:${deps.branch}:`);
  return riskDashboard(loans, events, branchToday(deps, ctx.now));
}
