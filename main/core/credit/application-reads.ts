/** What the credit screens read: applications, the referred queue, an application's audit history, loans, ownership. */
import type { CreditContext, In, Out } from './application-context';
import { applicationView, loadApp, loadLoan, loanView, strip } from './application-records';
import { ownershipGraph, ownershipView } from './ownership.service';

export async function getApplication({ deps }: CreditContext, { id }: In<'loans.get'>): Promise<Out<'loans.get'>> {
  return applicationView(await loadApp(deps, id));
}

export async function listApplications({ q }: CreditContext, { filter, customerId, limit }: In<'loans.list'>): Promise<Out<'loans.list'>> {
  return q.list(filter, customerId, limit);
}

export async function referredQueue({ q }: CreditContext): Promise<Out<'loans.queue'>> {
  return q.referred();
}

export async function history({ deps }: CreditContext, { id }: In<'loans.history'>): Promise<Out<'loans.history'>> {
  return (await deps.audit.history(id)).map((r) => ({
    at: r.at, actor: r.actor, actorName: r.actorName, device: r.device, action: r.action, integrity: r.integrity,
    recordingDigest: typeof r.after?.recordingDigest === 'string' ? r.after.recordingDigest : null,
    faceSnapshotDigest: typeof r.after?.faceSnapshotDigest === 'string' ? r.after.faceSnapshotDigest : null,
    signatureDigest: typeof r.after?.signatureDigest === 'string' ? r.after.signatureDigest : null,
  }));
}

export async function loanList({ q }: CreditContext, { customerId, status, limit }: In<'loans.loanList'>): Promise<Out<'loans.loanList'>> {
  return q.loans(customerId, status, limit);
}

export async function getLoan({ deps }: CreditContext, { id }: In<'loans.getLoan'>): Promise<Out<'loans.getLoan'>> {
  return loanView(strip(await loadLoan(deps, id)));
}

export async function ownership({ deps }: CreditContext, { customerId, method }: In<'credit.ownership'>): Promise<Out<'credit.ownership'>> {
  const g = await ownershipGraph(deps.pouch, deps.sql, customerId);
  return ownershipView(customerId, g, method).view;
}
