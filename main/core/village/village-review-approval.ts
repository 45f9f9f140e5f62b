import { sealProofFor, villageApprovalSubject } from '../../../trust/staff-proof';
import { apiError } from '../api/dispatch';
import { actorOf, type CallContext } from '../api/handlers';
import { reauthenticate } from '../session/authenticate';
import { approvalId, approvalSummary, loadRound, write, type In, type Out, type ReviewContext } from './village-review-records';
import type { VillageApprovalDoc } from './village.docs';

/**
 * 批量授信: the branch head grants the households a closed round passed (and any exceptions, with reasons) at one
 * rate and term, proving who they are again.
 */
export async function approveBatch({ deps }: ReviewContext, { id, rateBp, termMonths, exceptions, password }: In<'village.approveBatch'>, ctx: CallContext): Promise<Out<'village.approveBatch'>> {
  const actor = actorOf(ctx);
  if (!deps.trust) throw apiError('UNAVAILABLE', 'error.noTrustRoot');
  const trust = deps.trust;
  return deps.writes.run(async () => {
    const round = await loadRound(deps, id);
    if (round.status !== 'closed' || !round.outcomes) throw apiError('VALIDATION', 'village.reviewNotClosed');
    if (await deps.pouch.get(approvalId(id)).catch(() => null)) throw apiError('CONFLICT', 'village.alreadyApproved');
    const index = new Map(round.householdIds.map((h, i) => [h, i]));
    const exceptionOf = new Map(exceptions.map((e) => [e.householdId, e]));
    for (const e of exceptions) {
      const i = index.get(e.householdId);
      if (i === undefined) throw apiError('VALIDATION', 'village.notInRound');
      // An exception may grant a household the panel did not pass, never above what the model allows it.
      if (e.decision === 'grant' && (e.limitFen <= 0 || e.limitFen > round.preCreditFen[i]!)) throw apiError('VALIDATION', 'village.exceptionLimit', { max: round.preCreditFen[i]! / 100 });
    }
    const lines: VillageApprovalDoc['lines'] = [];
    const refused: VillageApprovalDoc['refused'] = [];
    round.householdIds.forEach((h, i) => {
      const e = exceptionOf.get(h);
      const outcome = round.outcomes![i]!;
      if (e?.decision === 'grant') lines.push({ householdId: h, limitFen: e.limitFen, exception: e.reason });
      else if (e?.decision === 'refuse') refused.push({ householdId: h, reason: e.reason });
      else if (outcome.status === 'passed') lines.push({ householdId: h, limitFen: outcome.limitFen, exception: null });
    });
    const now = ctx.now.toISOString();
    const expiry = new Date(ctx.now);
    expiry.setUTCMonth(expiry.getUTCMonth() + termMonths);
    const doc: VillageApprovalDoc = {
      _id: approvalId(id), type: 'village-approval', branch: deps.branch, village: round.village, reviewId: id, rateBp, termMonths,
      expiresOn: expiry.toISOString().slice(0, 10), lines, refused, approvedAt: now, approvedBy: actor.staffNo, approvedByName: actor.name,
    };
    // Head office issues credit lines only from an approval carrying the branch head's own password, sealed to it
    // over these terms: a device credential alone can write an approval but not this (sync-server/village/credit-lines.ts).
    const me = await reauthenticate(deps.auth, { staffNo: actor.staffNo, password, address: ctx.address });
    doc.proof = { staffNo: me.staffNo, at: now, box: sealProofFor(trust, villageApprovalSubject(doc), { staffNo: me.staffNo, password }, ctx.now) };
    const summary = approvalSummary(doc);
    await write(deps, [doc], 'village.approveBatch', doc._id, actor, now, { village: round.village, reviewId: id, granted: summary.granted, grantedFen: summary.grantedFen, refused: summary.refused, exceptions: exceptions.length, rateBp, termMonths });
    return summary;
  });
}
