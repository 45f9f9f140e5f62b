import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { aggregateScores, quorumOf, REVIEW_RULES, type ReviewScore } from '../../../domain/village/review';
import { sealProofFor, villageApprovalSubject } from '../../../trust/staff-proof';
import type { TrustRoot } from '../../../trust/trust-root';
import { apiError } from '../api/dispatch';
import { actorOf, type Handlers } from '../api/handlers';
import { reauthenticate, type AuthenticateDeps } from '../session/authenticate';
import type { BatchApproval, ReviewRound, villageReviewContract } from './village-review.contract';
import type { VillageDeps } from './village.service';
import type { HouseholdDoc, VillageApprovalDoc, VillageReviewDoc, VillageReviewScoreDoc } from './village.docs';

const ulid = monotonicFactory();
const codeDigest = (reviewId: string, seat: number, code: string) => createHash('sha256').update(`${reviewId}:${seat}:${code}`).digest('hex');
const approvalId = (reviewId: string) => `village-approval:${reviewId.slice('village-review:'.length)}`;
const scoreId = (reviewId: string, seat: number) => `village-review-score:${reviewId.slice('village-review:'.length)}:${seat}`;

const approvalSummary = (doc: VillageApprovalDoc): BatchApproval => ({
  id: doc._id, village: doc.village, reviewId: doc.reviewId, granted: doc.lines.length, grantedFen: doc.lines.reduce((s, l) => s + l.limitFen, 0), refused: doc.refused.length, expiresOn: doc.expiresOn,
});

/** Wrong seat codes before the seat is locked for the rest of the round (a code is 6 digits). */
const MAX_WRONG_CODES = 5;

/**
 * 村组评议, back-to-back: the customer manager opens a round with a panel and hands each member a one-time seat code;
 * each member hands in scores for every household under that code, once; nobody — the customer manager included —
 * can read a score through the API until the round closes, and a handed-in score can never be changed (the score
 * document is append-only on the server). Closing applies head office's published rules to every household.
 */
export interface VillageReviewDeps extends VillageDeps {
  /** For 批量授信: the branch head proves who they are again, and that proof is sealed to head office. */
  auth: AuthenticateDeps;
  trust: TrustRoot | null;
}

export function villageReviewHandlers(deps: VillageReviewDeps): Handlers<typeof villageReviewContract> {
  const wrongCodes = new Map<string, number>();

  async function loadRound(id: string): Promise<VillageReviewDoc> {
    const doc = (await deps.pouch.get<VillageReviewDoc>(id).catch(() => null)) as VillageReviewDoc | null;
    if (!doc || doc.type !== 'village-review') throw apiError('NOT_FOUND', 'village.reviewNotFound');
    return doc;
  }

  async function roundsOf(village: string): Promise<VillageReviewDoc[]> {
    const all = await deps.pouch.allDocs<VillageReviewDoc>({ startkey: 'village-review:', endkey: 'village-review:\uffff', include_docs: true });
    return all.rows.flatMap((r) => (r.doc && r.doc.village === village ? [r.doc as VillageReviewDoc] : []));
  }

  async function scoresOf(round: VillageReviewDoc): Promise<Map<number, VillageReviewScoreDoc>> {
    const found = await deps.pouch.allDocs<VillageReviewScoreDoc>({ keys: round.panel.map((p) => scoreId(round._id, p.seat)), include_docs: true });
    const out = new Map<number, VillageReviewScoreDoc>();
    for (const r of found.rows) if ('doc' in r && r.doc) out.set((r.doc as VillageReviewScoreDoc).seat, r.doc as VillageReviewScoreDoc);
    return out;
  }

  async function approvalOf(round: VillageReviewDoc): Promise<ReviewRound['approval']> {
    const doc = (await deps.pouch.get<VillageApprovalDoc>(approvalId(round._id)).catch(() => null)) as VillageApprovalDoc | null;
    if (!doc) return null;
    const granted = new Map(doc.lines.map((l) => [l.householdId, { limitFen: l.limitFen, exception: l.exception }]));
    const refused = new Map(doc.refused.map((r) => [r.householdId, { refused: r.reason }]));
    return {
      ...approvalSummary(doc), rateBp: doc.rateBp, termMonths: doc.termMonths, approvedByName: doc.approvedByName,
      decisions: round.householdIds.map((h) => granted.get(h) ?? refused.get(h) ?? null),
    };
  }

  async function view(round: VillageReviewDoc): Promise<ReviewRound> {
    const scores = await scoresOf(round);
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
      approval: round.status === 'closed' ? await approvalOf(round) : null,
    };
  }

  const header = (round: VillageReviewDoc, scores: Map<number, VillageReviewScoreDoc>): Omit<ReviewRound, 'households' | 'results' | 'approval'> => ({
    id: round._id, village: round.village, round: round.round, previousRoundId: round.previousRoundId, status: round.status, rulesVersion: round.rulesVersion,
    quorum: quorumOf(round.panel.length), panel: round.panel.map(({ seat, name, role }) => ({ seat, name, role, submitted: scores.has(seat) })),
    openedAt: round.openedAt, openedBy: round.openedBy, closedAt: round.closedAt,
  });

  async function write(docs: object[], action: string, entity: string, actor: { staffNo: string; name: string }, at: string, after: Record<string, unknown>): Promise<string[]> {
    const entry = deps.audit.next({ actor: actor.staffNo, actorName: actor.name, action, entity, at, before: null, after });
    const results = await deps.pouch.bulkDocs([...docs, entry]);
    if (results.some((r) => 'error' in r && r.error)) throw apiError('CONFLICT', 'error.CONFLICT');
    deps.audit.commit(entry);
    return results.map((r) => (r as { rev: string }).rev);
  }

  return {
    'village.openReview': async ({ village, panel, previousRoundId }, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const rounds = await roundsOf(village);
        if (rounds.some((r) => r.status === 'open')) throw apiError('CONFLICT', 'village.reviewAlreadyOpen');
        let householdIds: string[];
        let round = 1;
        if (previousRoundId) {
          const previous = rounds.find((r) => r._id === previousRoundId);
          if (!previous || previous.status !== 'closed' || !previous.outcomes) throw apiError('VALIDATION', 'village.previousRoundNotClosed');
          householdIds = previous.householdIds.filter((_, i) => previous.outcomes![i]!.status === 'disputed' || previous.outcomes![i]!.status === 'no-quorum');
          round = previous.round + 1;
        } else {
          householdIds = (deps.sql.prepare('SELECT id FROM household_index WHERE village = ? ORDER BY grp, household_no, id').all(village) as { id: string }[]).map((r) => r.id);
        }
        if (householdIds.length === 0) throw apiError('VALIDATION', previousRoundId ? 'village.nothingDisputed' : 'village.noHouseholdsToReview');
        if (householdIds.length > 5000) throw apiError('VALIDATION', 'village.reviewTooLarge');
        const preCredit = deps.sql.prepare(`SELECT id, pre_credit_fen AS fen FROM household_index WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(householdIds)) as { id: string; fen: number }[];
        const fenById = new Map(preCredit.map((r) => [r.id, r.fen]));
        const now = ctx.now.toISOString();
        const id = `village-review:${ulid(ctx.now.getTime())}`;
        const codes = panel.map((p, i) => ({ seat: i + 1, name: p.name, code: String(randomInt(0, 1_000_000)).padStart(6, '0') }));
        const doc: VillageReviewDoc = {
          _id: id, type: 'village-review', branch: deps.branch, village, round, previousRoundId: previousRoundId ?? null, householdIds,
          preCreditFen: householdIds.map((h) => fenById.get(h) ?? 0),
          panel: panel.map((p, i) => ({ seat: i + 1, name: p.name, role: p.role, codeDigest: codeDigest(id, i + 1, codes[i]!.code) })),
          rulesVersion: REVIEW_RULES.version, status: 'open', openedAt: now, openedBy: actor.staffNo, closedAt: null, closedBy: null, outcomes: null,
        };
        const [rev] = await write([doc], 'village.openReview', id, actor, now, { village, round, households: householdIds.length, panel: panel.map((p) => p.name) });
        return { round: await view({ ...doc, _rev: rev }), codes };
      });
    },

    'village.review': async ({ id }) => view(await loadRound(id)),

    'village.reviews': async ({ village }) => {
      const rounds = await roundsOf(village);
      return Promise.all(rounds.map(async (r) => header(r, await scoresOf(r))));
    },

    'village.submitScores': async ({ id, seat, code, scores }, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const round = await loadRound(id);
        if (round.status !== 'open') throw apiError('CONFLICT', 'village.reviewClosed');
        const panelSeat = round.panel.find((p) => p.seat === seat);
        if (!panelSeat) throw apiError('VALIDATION', 'village.noSuchSeat');
        const lockKey = `${id}:${seat}`;
        if ((wrongCodes.get(lockKey) ?? 0) >= MAX_WRONG_CODES) throw apiError('FORBIDDEN', 'village.seatLocked');
        const digest = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
        if (!timingSafeEqual(digest(codeDigest(id, seat, code)), digest(panelSeat.codeDigest))) {
          wrongCodes.set(lockKey, (wrongCodes.get(lockKey) ?? 0) + 1);
          throw apiError('FORBIDDEN', 'village.wrongSeatCode');
        }
        if ((await scoresOf(round)).has(seat)) throw apiError('CONFLICT', 'village.alreadyScored');
        const byHousehold = new Map(scores.map((s) => [s.householdId, s]));
        if (byHousehold.size !== scores.length || scores.length !== round.householdIds.length || round.householdIds.some((h) => !byHousehold.has(h))) {
          throw apiError('VALIDATION', 'village.scoresIncomplete', { expected: round.householdIds.length });
        }
        const now = ctx.now.toISOString();
        const doc: VillageReviewScoreDoc = {
          _id: scoreId(id, seat), type: 'village-review-score', branch: deps.branch, reviewId: id, seat,
          scores: round.householdIds.map((h): ReviewScore => {
            const s = byHousehold.get(h)!;
            return { integrity: s.integrity, recommend: s.recommend, suggestedLimitFen: s.recommend ? s.suggestedLimitFen : 0, reasons: s.reasons };
          }),
          at: now, recordedBy: actor.staffNo,
        };
        // The audit entry says that the seat handed in, not what: the scores stay sealed until the round closes.
        await write([doc], 'village.submitScores', id, actor, now, { seat, name: panelSeat.name, households: scores.length });
        return { seat, submitted: scores.length };
      });
    },

    'village.closeReview': async ({ id }, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const round = await loadRound(id);
        if (round.status !== 'open') throw apiError('CONFLICT', 'village.reviewClosed');
        const scores = [...(await scoresOf(round)).values()];
        const outcomes = round.householdIds.map((_, i) => aggregateScores(scores.map((s) => s.scores[i]!), round.panel.length, round.preCreditFen[i]!));
        const now = ctx.now.toISOString();
        const closed: VillageReviewDoc = { ...round, status: 'closed', closedAt: now, closedBy: actor.staffNo, outcomes };
        const count = (s: string) => outcomes.filter((o) => o.status === s).length;
        const [rev] = await write([closed], 'village.closeReview', id, actor, now, {
          seats: scores.length, passed: count('passed'), disputed: count('disputed'), vetoed: count('vetoed'), refused: count('refused'), noQuorum: count('no-quorum'),
        });
        return view({ ...closed, _rev: rev });
      });
    },

    'village.approveBatch': async ({ id, rateBp, termMonths, exceptions, password }, ctx) => {
      const actor = actorOf(ctx);
      if (!deps.trust) throw apiError('UNAVAILABLE', 'error.noTrustRoot');
      const trust = deps.trust;
      return deps.writes.run(async () => {
        const round = await loadRound(id);
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
        await write([doc], 'village.approveBatch', doc._id, actor, now, { village: round.village, reviewId: id, granted: summary.granted, grantedFen: summary.grantedFen, refused: summary.refused, exceptions: exceptions.length, rateBp, termMonths });
        return summary;
      });
    },
  };
}
