/**
 * The demo's post-loan past made again the way `jingwei demo` makes it (the seeded generator through the feed
 * import and the daily scan, main/demo/post-loan-history.ts) and put through the unit-tested dashboard function:
 * prints the figures the branch's 贷后风险看板 must show, as JSON. Run with tsx: Playwright's loader cannot import
 * the generator's JSON tables.
 */
import { riskDashboard } from '../../../domain/post-loan/risk-dashboard';
import type { LoanStateDoc, RiskEventDoc } from '../../../domain/post-loan/post-loan-docs';
import { branchDay, DEFAULT_TIME_ZONE } from '../../../domain/time/branch-time';
import { DEMO_POST_LOAN_DAYS, seedPostLoanHistory } from '../../../main/demo/post-loan-history';

const docs: { _id: string }[] = [];
await seedPostLoanHistory({ keys: undefined as never, deliver: async (d) => void docs.push(...d) }, { branch: process.argv[2] ?? 'HM01', days: DEMO_POST_LOAN_DAYS });
const figures = riskDashboard(
  docs.filter((d): d is LoanStateDoc => d._id.startsWith('loan-state:')),
  docs.filter((d): d is RiskEventDoc => d._id.startsWith('risk-event:')),
  branchDay(new Date(), DEFAULT_TIME_ZONE),
);
process.stdout.write(JSON.stringify(figures));
