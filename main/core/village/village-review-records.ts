import { createHash } from 'node:crypto';
import { quorumOf } from '../../../domain/village/review';
import { apiError } from '../api/dispatch';
import type { OutputOf, ParsedInputOf } from '../api/method';
import type { BatchApproval, ReviewRound, villageReviewContract } from './village-review.contract';
import type { VillageDeps } from './village.service';
import type { HouseholdDoc, VillageApprovalDoc, VillageReviewDoc, VillageReviewScoreDoc } from './village.docs';
import type { ServiceDeps } from '../service-deps';

/** `auth`: for 批量授信 the branch head proves who they are again, and that proof is sealed to head office. */
export type VillageReviewDeps = VillageDeps & Pick<ServiceDeps, 'trust' | 'auth'>;

/** What the review handlers work over: the deps, and the wrong seat codes counted since the host started. */
export interface ReviewContext {
  deps: VillageReviewDeps;
  /** Wrong codes per `${reviewId}:${seat}`. */
  wrongCodes: Map<string, number>;
}

/** One API method's parsed arguments and its result, as villageReviewContract declares them. */
export type In<M extends keyof typeof villageReviewContract> = ParsedInputOf<(typeof villageReviewContract)[M]>;
export type Out<M extends keyof typeof villageReviewContract> = OutputOf<(typeof villageReviewContract)[M]>;

export const codeDigest = (reviewId: string, seat: number, code: string) => createHash('sha256').update(`${reviewId}:${seat}:${code}`).digest('hex');
export const approvalId = (reviewId: string) => `village-approval:${reviewId.slice('village-review:'.length)}`;
export const scoreId = (reviewId: string, seat: number) => `village-review-score:${reviewId.slice('village-review:'.length)}:${seat}`;

export const approvalSummary = (doc: VillageApprovalDoc): BatchApproval => ({
  id: doc._id, village: doc.village, reviewId: doc.reviewId, granted: doc.lines.length, grantedFen: doc.lines.reduce((s, l) => s + l.limitFen, 0), refused: doc.refused.length, expiresOn: doc.expiresOn,
});

export async function loadRound(deps: VillageReviewDeps, id: string): Promise<VillageReviewDoc> {
  const doc = (await deps.pouch.get<VillageReviewDoc>(id).catch(() => null)) as VillageReviewDoc | null;
  if (!doc || doc.type !== 'village-review') throw apiError('NOT_FOUND', 'village.reviewNotFound');
  return doc;
}

export async function roundsOf(deps: VillageReviewDeps, village: string): Promise<VillageReviewDoc[]> {
  const all = await deps.pouch.allDocs<VillageReviewDoc>({ startkey: 'village-review:', endkey: 'village-review:\uffff', include_docs: true });
  return all.rows.flatMap((r) => (r.doc && r.doc.village === village ? [r.doc as VillageReviewDoc] : []));
}

export async function scoresOf(deps: VillageReviewDeps, round: VillageReviewDoc): Promise<Map<number, VillageReviewScoreDoc>> {
  const found = await deps.pouch.allDocs<VillageReviewScoreDoc>({ keys: round.panel.map((p) => scoreId(round._id, p.seat)), include_docs: true });
  const out = new Map<number, VillageReviewScoreDoc>();
  for (const r of found.rows) if ('doc' in r && r.doc) out.set((r.doc as VillageReviewScoreDoc).seat, r.doc as VillageReviewScoreDoc);
  return out;
}

async function approvalOf(deps: VillageReviewDeps, round: VillageReviewDoc): Promise<ReviewRound['approval']> {
  const doc = (await deps.pouch.get<VillageApprovalDoc>(approvalId(round._id)).catch(() => null)) as VillageApprovalDoc | null;
  if (!doc) return null;
  const granted = new Map(doc.lines.map((l) => [l.householdId, { limitFen: l.limitFen, exception: l.exception }]));
  const refused = new Map(doc.refused.map((r) => [r.householdId, { refused: r.reason }]));
  return {
    ...approvalSummary(doc), rateBp: doc.rateBp, termMonths: doc.termMonths, approvedByName: doc.approvedByName,
    decisions: round.householdIds.map((h) => granted.get(h) ?? refused.get(h) ?? null),
  };
}

/** A round as the lists show it: who sits on the panel and whether each seat has handed in, no scores. */
export const header = (round: VillageReviewDoc, scores: Map<number, VillageReviewScoreDoc>): Omit<ReviewRound, 'households' | 'results' | 'approval'> => ({
  id: round._id, village: round.village, round: round.round, previousRoundId: round.previousRoundId, status: round.status, rulesVersion: round.rulesVersion,
  quorum: quorumOf(round.panel.length), panel: round.panel.map(({ seat, name, role }) => ({ seat, name, role, submitted: scores.has(seat) })),
  openedAt: round.openedAt, openedBy: round.openedBy, closedAt: round.closedAt,
});

export async function view(deps: VillageReviewDeps, round: VillageReviewDoc): Promise<ReviewRound> {
  const scores = await scoresOf(deps, round);
  const households = await deps.pouch.allDocs<HouseholdDoc>({ keys: round.householdIds, include_docs: true });
  return {
    ...header(round, scores),
    households: households.rows.map((r, i) => {
      const h = 'doc' in r && r.doc ? (r.doc as HouseholdDoc) : null;
      return { id: round.householdIds[i]!, householdNo: h?.householdNo ?? '', group: h?.group ?? '', headName: h?.headName ?? '', preCreditFen: round.preCreditFen[i]! };
    }),
    // The scores are opened with the round's outcome, never before.
    results: round.status === 'closed' && round.outcomes
      ? round.outcomes.map((outcome, i) => ({ outcome, scores: round.panel.map((p) => scores.get(p.seat)?.scores[i] ?? null) }))
      : null,
    approval: round.status === 'closed' ? await approvalOf(deps, round) : null,
  };
}

/** The docs and their audit entry in one bulkDocs: a change never exists without its record. */
export async function write(deps: VillageReviewDeps, docs: object[], action: string, entity: string, actor: { staffNo: string; name: string }, at: string, after: Record<string, unknown>): Promise<string[]> {
  const entry = deps.audit.next({ actor: actor.staffNo, actorName: actor.name, action, entity, at, before: null, after });
  const results = await deps.pouch.bulkDocs([...docs, entry]);
  if (results.some((r) => 'error' in r && r.error)) throw apiError('CONFLICT', 'error.CONFLICT');
  deps.audit.commit(entry);
  return results.map((r) => (r as { rev: string }).rev);
}
