import type { Handlers } from '../api/handlers';
import { creditContext, type CreditDeps } from './application-context';
import { investigate, replay, submit } from './application-decision';
import { disburse } from './application-disbursement';
import { createDraft, importFlows, update } from './application-intake';
import { getApplication, getLoan, history, listApplications, loanList, ownership, referredQueue } from './application-reads';
import { contractHtmlOf, eSignByCall, faceSign, faceSnapshotOf, generateContract, recordingOf, tabletESign, type TabletESign } from './application-signing';
import type { creditContract } from './credit.contract';
import { checkRenewal, startRenewal } from './loan-renewal';

export type { CreditDeps } from './application-context';
export type { TabletESign } from './application-signing';

type AppMethods =
  | 'loans.createDraft' | 'loans.get' | 'loans.list' | 'loans.update' | 'loans.submit' | 'loans.queue' | 'loans.investigate'
  | 'loans.generateContract' | 'loans.contractHtml' | 'loans.faceSign' | 'loans.eSign' | 'loans.disburse' | 'loans.replay'
  | 'loans.importFlows' | 'loans.history' | 'loans.loanList' | 'loans.getLoan' | 'loans.checkRenewal' | 'loans.startRenewal'
  | 'credit.ownership' | 'loans.recording' | 'loans.faceSnapshot';
type AppContract = Pick<typeof creditContract, AppMethods>;

/**
 * The loan application flow's API: draft → submit (decided by the rule set, or referred and investigated) → contract
 * → face-sign → e-sign → disburse, then renewal. Each method is a named function over one CreditContext.
 */
export function creditHandlers(deps: CreditDeps): Handlers<AppContract> & { tabletESign: TabletESign } {
  const c = creditContext(deps);
  return {
    tabletESign: tabletESign(c),

    'loans.createDraft': (args, ctx) => createDraft(c, args, ctx),
    'loans.get': (args) => getApplication(c, args),
    'loans.list': (args) => listApplications(c, args),
    'loans.update': (args, ctx) => update(c, args, ctx),
    'loans.importFlows': (args, ctx) => importFlows(c, args, ctx),

    'loans.submit': (args, ctx) => submit(c, args, ctx),
    'loans.queue': () => referredQueue(c),
    'loans.investigate': (args, ctx) => investigate(c, args, ctx),
    'loans.replay': (args) => replay(c, args),

    'loans.generateContract': (args, ctx) => generateContract(c, args, ctx),
    'loans.contractHtml': (args) => contractHtmlOf(c, args),
    'loans.faceSign': (args, ctx) => faceSign(c, args, ctx),
    'loans.recording': (args) => recordingOf(c, args),
    'loans.faceSnapshot': (args) => faceSnapshotOf(c, args),
    'loans.eSign': (args, ctx) => eSignByCall(c, args, ctx),

    'loans.disburse': (args, ctx) => disburse(c, args, ctx),
    'loans.history': (args) => history(c, args),
    'loans.loanList': (args) => loanList(c, args),
    'loans.getLoan': (args) => getLoan(c, args),

    'loans.checkRenewal': (args, ctx) => checkRenewal(c, args, ctx),
    'loans.startRenewal': (args, ctx) => startRenewal(c, args, ctx),

    'credit.ownership': (args) => ownership(c, args),
  };
}
