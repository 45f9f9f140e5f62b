import { missingData } from '../../../domain/credit/products';
import { translate } from '../../../i18n/translate';
import type { Actor } from '../api/handlers';
import { apiError } from '../api/dispatch';
import { customerIdNo, type CreditDeps, type CustomerDoc } from './application-context';
import type { ApplicationView, LoanView, StepName } from './credit.contract';
import type { ApplicationDoc, LoanDoc, RecordingDoc } from './credit.docs';
import { findCoreBankingLoan, type CoreBankingLoan } from './core-banking-loan';

export function applicationView(doc: ApplicationDoc & { _conflicts?: string[] }): ApplicationView {
  const { _id, _rev, _conflicts, type: _t, branch: _b, ...rest } = doc;
  const first = doc.steps[0];
  const last = doc.steps[doc.steps.length - 1];
  return {
    ...rest,
    id: _id,
    rev: _rev!,
    missing: missingData(doc.productCode, doc.collectedData),
    totalElapsedMs: first && last ? Date.parse(last.at) - Date.parse(first.at) : 0,
    conflicts: _conflicts ?? [],
  };
}

export function loanView(doc: LoanDoc): LoanView {
  const { _id, _rev, type: _t, branch: _b, overdueDays: _o, historyMaxOverdueDays: _h, historyOverdueTimes: _ht, createdAt: _c, updatedAt: _u, updatedBy: _ub, ...rest } = doc;
  return { ...rest, id: _id, rev: _rev! };
}

async function getDoc<T>(deps: CreditDeps, id: string, what: string): Promise<T & { _conflicts?: string[] }> {
  try {
    return (await deps.pouch.get(id, { conflicts: true })) as unknown as T & { _conflicts?: string[] };
  } catch (e) {
    if ((e as { status?: number }).status === 404) throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what });
    throw e;
  }
}

export const loadApp = (deps: CreditDeps, id: string) => getDoc<ApplicationDoc>(deps, id, translate('credit.application'));
export const loadLoan = (deps: CreditDeps, id: string) => getDoc<LoanDoc>(deps, id, translate('credit.loan'));
export const loadCustomer = (deps: CreditDeps, id: string) => getDoc<CustomerDoc>(deps, id, translate('customer.notFound'));

/** The loan's core-banking state head office published (core-banking-loan.ts), matched by the customer's ID and the product. */
export async function liveLoan(deps: CreditDeps, loan: LoanDoc): Promise<CoreBankingLoan | null> {
  return findCoreBankingLoan(deps.pouch, loan, customerIdNo(await loadCustomer(deps, loan.customerId)));
}

export function strip<T extends { _conflicts?: string[] }>(doc: T): Omit<T, '_conflicts'> {
  const { _conflicts: _c, ...rest } = doc;
  return rest;
}

/** The caller's revision (when it gives one) is still the stored one, and the application is in one of these states. */
export function expectState(doc: ApplicationDoc, rev: string | null, states: ApplicationDoc['state'][]): void {
  if (rev !== null && doc._rev !== rev) throw apiError('CONFLICT', 'error.CONFLICT');
  if (!states.includes(doc.state)) {
    throw apiError('CONFLICT', 'credit.wrongState', {
      state: translate(`credit.state.${doc.state}`),
      expected: states.map((s) => translate(`credit.state.${s}`)).join('、'),
    });
  }
}

export function addStep(deps: CreditDeps, doc: ApplicationDoc, step: StepName, actor: Actor, at: Date): void {
  const prev = doc.steps[doc.steps.length - 1];
  doc.steps.push({
    step, at: at.toISOString(), by: actor.staffNo, byName: actor.name, device: deps.device,
    elapsedMs: prev ? Math.max(0, at.getTime() - Date.parse(prev.at)) : 0,
  });
}

/** Every change in one bulkDocs with its audit entry: a change never exists without its record. */
export async function write(deps: CreditDeps, docs: (ApplicationDoc | LoanDoc | RecordingDoc)[], action: string, actor: Actor, now: Date, after: Record<string, unknown>): Promise<string[]> {
  const entry = deps.audit.next({ actor: actor.staffNo, actorName: actor.name, action, entity: docs[0]!._id, at: now.toISOString(), before: null, after });
  const results = await deps.pouch.bulkDocs([...docs, entry] as object[]);
  const failed = results.find((r) => 'error' in r && r.error);
  if (failed) throw apiError('CONFLICT', 'error.CONFLICT');
  deps.audit.commit(entry);
  const revs = results.slice(0, docs.length).map((r) => (r as { rev: string }).rev);
  for (const d of docs) if (d.type !== 'loan-recording') deps.events.emit('loan.changed', { id: d._id, state: d.type === 'loanapp' ? d.state : d.status });
  return revs;
}

/** The application (and any loan or recording written with it) in one bulkDocs with its audit entry. */
export async function save(deps: CreditDeps, doc: ApplicationDoc, action: string, actor: Actor, now: Date, after: Record<string, unknown>, extra: (LoanDoc | RecordingDoc)[] = []): Promise<ApplicationView> {
  doc.updatedAt = now.toISOString();
  doc.updatedBy = actor.staffNo;
  const [rev] = await write(deps, [doc, ...extra], action, actor, now, after);
  return applicationView({ ...doc, _rev: rev });
}
