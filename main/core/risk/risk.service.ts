import type { Handlers } from '../api/handlers';
import type { riskContract } from './risk.contract';
import { eventDetail, myEvents, record } from './risk-events';
import { riskContext, type RiskDeps } from './risk-records';
import { branchScan, dashboard } from './risk-scan';
import { sendScripts } from './risk-scripts';

export { isMine, loanStateView, type RiskDeps } from './risk-records';

/**
 * 贷后 at the branch: the risk events head office's daily scan raised for this branch's loans and the loans' state
 * (both head-office documents, synced down), and what staff do about them (risk-action documents, written here,
 * offline too, and synced up). Head office decides when an event closes: by the feeds, or after a close recorded
 * here by someone allowed to (风险处置). Each method is a named function over one RiskContext.
 */
export function riskHandlers(deps: RiskDeps): Handlers<typeof riskContract> {
  const c = riskContext(deps);
  return {
    'risk.myEvents': (args, ctx) => myEvents(c, args, ctx),
    'risk.event': (args, ctx) => eventDetail(c, args, ctx),
    'risk.sendScripts': (args, ctx) => sendScripts(c, args, ctx),
    'risk.branchScan': (_args, ctx) => branchScan(c, ctx),
    'risk.dashboard': (_args, ctx) => dashboard(c, ctx),
    'risk.record': (args, ctx) => record(c, args, ctx),
  };
}
